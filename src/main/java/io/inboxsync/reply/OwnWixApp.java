package io.inboxsync.reply;

import java.security.interfaces.RSAPublicKey;

/**
 * inbox-sync's own Wix app, as far as replies need it.
 *
 * @param publicKey what its webhooks are signed with, or {@code null} when none is
 * configured (every webhook is then refused)
 * @param appId the id Wix stamps as {@code sender.appId} on the messages we send, or
 * {@code null} when we call with an API key
 */
public record OwnWixApp(RSAPublicKey publicKey, String appId) {
}
