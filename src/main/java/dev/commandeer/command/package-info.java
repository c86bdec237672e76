/**
 * From text to command: splits what somebody typed into words like a shell (without ever expanding
 * anything), finds the command through prefixes and groups, checks who may run it, binds its typed
 * arguments and writes help.
 *
 * <p>{@link dev.commandeer.command.CommandCatalog#resolve} is the face: it answers a {@link
 * dev.commandeer.command.Resolution} — a command to run, help, or a refusal written for the caller.
 * This package does no I/O, runs nothing and knows no wire format; running belongs to {@code exec},
 * delivering answers to {@code reply}.
 */
package dev.commandeer.command;
