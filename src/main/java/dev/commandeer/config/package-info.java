/**
 * The configuration: the record tree ({@link dev.commandeer.config.Config} and its parts) and its
 * loading from YAML, {@code COMMANDEER_*} environment overrides and {@code ${NAME}} references,
 * with validation that names every bad path ({@link dev.commandeer.config.ConfigLoader}).
 *
 * <p>It must not log, start anything or reach the network; it reads one file at startup and never
 * puts a secret (token, bot token, database password) into a problem message.
 */
package dev.commandeer.config;
