/**
 * The slash-command wire format: Mattermost's request (POST form or GET query, token in header and
 * field) into an {@link dev.commandeer.chat.Invocation}, and a {@link dev.commandeer.chat.Reply}
 * into the JSON response. No I/O and no decisions about commands live here.
 */
package dev.commandeer.slash;
