/**
 * The HTTP edge: the server verticle, router assembly, body limits, token checks and the one
 * failure handler. It decides protocol outcomes (401, 400, 413, 415) and leaves everything about
 * commands to {@link dev.commandeer.command.Dispatcher}.
 */
package dev.commandeer.http;
