/**
 * The ingress-neutral model of a chat request: who typed what and where ({@link
 * dev.commandeer.chat.Invocation}), what to answer ({@link dev.commandeer.chat.Reply}), and the
 * ingress's answer to every question about replying ({@link dev.commandeer.chat.Conversation}).
 *
 * <p>No wire format, no HTTP, no store and no command lives here; every other package may use it,
 * and it uses none of them but {@code config}.
 */
package dev.commandeer.chat;
