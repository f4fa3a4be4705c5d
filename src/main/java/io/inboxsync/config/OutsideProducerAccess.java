package io.inboxsync.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.function.Predicate;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may do what on the embedded broker once its acceptor is open: inbox-sync itself,
 * connected in the same JVM, everything; a producer from outside, signed in with the
 * acceptor's user and password, only sending, and only to the queue of a running queue
 * source (never to the intake queue, never creating queues). Anyone else is refused.
 */
final class OutsideProducerAccess implements ActiveMQSecurityManager5 {

	private static final String INBOX_SYNC = "inbox-sync";

	private static final String OUTSIDE_PRODUCER = "outside-producer";

	private final String user;

	private final byte[] password;

	private final Predicate<String> sourceQueue;

	OutsideProducerAccess(String user, String password, Predicate<String> sourceQueue) {
		this.user = user;
		this.password = password.getBytes(StandardCharsets.UTF_8);
		this.sourceQueue = sourceQueue;
	}

	@Override
	public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
		if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
			return subject(INBOX_SYNC, INBOX_SYNC);
		}
		boolean userMatches = this.user.equals(user);
		boolean passwordMatches = password != null
				&& MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.UTF_8));
		return (userMatches && passwordMatches) ? subject(this.user, OUTSIDE_PRODUCER) : null;
	}

	@Override
	public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
		if (subject == null) {
			return false;
		}
		Set<String> granted = subject.getPrincipals(RolePrincipal.class)
			.stream()
			.map(RolePrincipal::getName)
			.collect(java.util.stream.Collectors.toSet());
		if (granted.contains(INBOX_SYNC)) {
			return true;
		}
		return granted.contains(OUTSIDE_PRODUCER) && checkType == CheckType.SEND && address != null
				&& this.sourceQueue.test(address);
	}

	/**
	 * Artemis's older sign-in calls, without the connection: never used once authenticate
	 * above exists.
	 */
	@Override
	public boolean validateUser(String user, String password) {
		return false;
	}

	@Override
	public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
		return false;
	}

	private static Subject subject(String user, String role) {
		Subject subject = new Subject();
		subject.getPrincipals().add(new UserPrincipal(user));
		subject.getPrincipals().add(new RolePrincipal(role));
		return subject;
	}

}
