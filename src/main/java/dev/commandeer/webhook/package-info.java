/**
 * The outgoing-webhook ingress: Mattermost's request (form or JSON) into a {@link
 * dev.commandeer.webhook.WebhookConversation}, which answers every question about replying to a
 * webhook, and a {@link dev.commandeer.chat.Reply} into the JSON body Mattermost turns into a post.
 * No I/O and no decisions about commands live here.
 */
package dev.commandeer.webhook;
