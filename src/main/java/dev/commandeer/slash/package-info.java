/**
 * The slash-command ingress: Mattermost's request (POST form or GET query, token in header and
 * field) into a {@link dev.commandeer.slash.SlashConversation}, which answers every question about
 * replying to a slash command, and a {@link dev.commandeer.chat.Reply} into the JSON response. No
 * I/O and no decisions about commands live here.
 */
package dev.commandeer.slash;
