/**
 * The HTTP edge: the server verticle, router assembly, body limits, token checks and the one
 * failure handler. It serves each {@link dev.commandeer.http.HttpIngress} the composition root
 * lists, decides protocol outcomes (401, 400, 413, 415) and leaves everything about commands to
 * {@link dev.commandeer.command.Dispatcher}. It knows no ingress by name.
 */
package dev.commandeer.http;
