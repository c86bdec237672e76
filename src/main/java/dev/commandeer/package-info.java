/**
 * Commandeer, a command service for Mattermost. {@link dev.commandeer.Main} hands the command line
 * to {@code cli}; {@link dev.commandeer.Commandeer} is the composition root that builds every part
 * with {@code new}, starts the HTTP server and stops it all gracefully.
 */
package dev.commandeer;
