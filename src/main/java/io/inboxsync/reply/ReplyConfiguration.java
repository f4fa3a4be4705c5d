package io.inboxsync.reply;

import java.time.Clock;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.config.DurableQueues;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.delivery.DeliveryLedgerConfiguration;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Replies back to the channel: Wix's webhooks verified with the Wix app's key, and the
 * ledgers that keep an event or a reply from being handled twice.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplyProperties.class)
class ReplyConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ReplyConfiguration.class);

	/** The one-delivery ledger of replies, keyed by the Wix message id. */
	@Bean
	JdbcMessageIdRepository inboxSyncReplies(DataSource dataSource) {
		return DeliveryLedgerConfiguration.ledger(dataSource, "inbox-sync-replies");
	}

	/**
	 * The parts of replies a channel took, for a reply sent as several requests
	 * (WhatsApp's text, then each medium): a retry sends only the parts not taken yet.
	 */
	@Bean
	JdbcMessageIdRepository inboxSyncReplyParts(DataSource dataSource) {
		return DeliveryLedgerConfiguration.ledger(dataSource, "inbox-sync-reply-parts");
	}

	/** Wix events already queued, by event id: Wix delivers an event again at times. */
	@Bean
	JdbcMessageIdRepository inboxSyncWixEvents(DataSource dataSource) {
		return DeliveryLedgerConfiguration.ledger(dataSource, "inbox-sync-wix-events");
	}

	/** The ids of the messages our own Send Message returned: never sent back out. */
	@Bean
	JdbcMessageIdRepository inboxSyncOwnMessages(DataSource dataSource) {
		return DeliveryLedgerConfiguration.ledger(dataSource, ReplyChannels.OWN_MESSAGES);
	}

	/**
	 * Our Wix app: the public key configured, else the sandbox's when it serves; our app
	 * id: the one configured, else the sandbox's.
	 */
	@Bean
	OwnWixApp ownWixApp(ReplyProperties replies, InboxSyncProperties properties,
			ObjectProvider<WixAppIdentity> sandbox) {
		WixAppIdentity wix = sandbox.getIfAvailable();
		String appId = StringUtils.hasText(properties.wix().appId()) ? properties.wix().appId()
				: (wix != null) ? wix.appId() : null;
		if (StringUtils.hasText(replies.wixPublicKey())) {
			return new OwnWixApp(WixPublicKeys.parse(replies.wixPublicKey()), appId);
		}
		if (wix != null) {
			return new OwnWixApp(wix.webhookPublicKey(), appId);
		}
		log.info("No Wix app public key configured (inbox-sync.replies.wix-public-key): POST /wix/webhooks refuses "
				+ "every webhook, and no reply reaches a channel");
		return new OwnWixApp(null, appId);
	}

	@Bean
	WixWebhookVerifier wixWebhookVerifier(OwnWixApp app, ObjectMapper objectMapper) {
		return new WixWebhookVerifier(app.publicKey(), objectMapper, Clock.systemUTC());
	}

	/**
	 * The replies' queues, like the pipeline's: the broker never gives up on a message
	 * nor moves it to its dead-letter address; inbox-sync's own dead letters do that.
	 */
	@Bean
	DurableQueues replyDurableQueues(ReplyProperties replies) {
		return new DurableQueues(replies.eventsQueue(), replies.queue());
	}

}
