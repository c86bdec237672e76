/**
 * The outgoing-webhook wire format: Mattermost's request (form or JSON) into an {@link
 * dev.commandeer.chat.Invocation}, and a {@link dev.commandeer.chat.Reply} into the JSON body
 * Mattermost turns into a post. No I/O and no decisions about commands live here.
 */
package dev.commandeer.webhook;
