/**
 * The command line: {@code serve}, {@code check} and {@code try}. It reads the configuration,
 * prints problems for people, and hands a valid configuration to {@link dev.commandeer.Commandeer}.
 */
package dev.commandeer.cli;
