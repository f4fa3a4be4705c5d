package io.inboxsync.reply;

import java.security.interfaces.RSAPublicKey;

/**
 * A Wix app as the Wix side knows it: the key its webhooks are signed with, and the id
 * Wix stamps as {@code sender.appId} on the messages it sends. The embedded sandbox
 * provides one, so replies work out of the box against it.
 */
public interface WixAppIdentity {

	RSAPublicKey webhookPublicKey();

	String appId();

}
