package io.inboxsync.delivery;

import io.inboxsync.event.InboxEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerGroupsTest {

	private final CustomerGroups groups = new CustomerGroups("shared-key");

	@Test
	void aGroupIsTheStartOfTheCustomersHmacSha256InHex() {
		// A published known answer: HMAC-SHA256 of this text under the key "key".
		assertThat(new CustomerGroups("key").hash("The quick brown fox jumps over the lazy dog"))
			.isEqualTo("f7bc83f430538424b13298e6aa6fb143");
	}

	@Test
	void oneCustomerIsOneGroupThatHoldsNoneOfTheirEmailOrPhone() {
		InboxEvent.Customer jane = new InboxEvent.Customer("jane@example.com", "+14155550123", "Jane");

		String group = this.groups.groupOf(jane);

		assertThat(group).isEqualTo(this.groups.groupOf(new InboxEvent.Customer("jane@example.com", null, null)))
			.matches("[0-9a-f]{32}")
			.doesNotContain("jane")
			.doesNotContain("example");
		assertThat(this.groups.groupOf(new InboxEvent.Customer(null, "+14155550123", null))).isNotEqualTo(group)
			.doesNotContain("4155550123");
	}

	@Test
	void instancesWithTheSameKeyMakeTheSameGroupsAndAnotherKeyOthers() {
		InboxEvent.Customer jane = new InboxEvent.Customer("jane@example.com", null, null);

		assertThat(new CustomerGroups("shared-key").groupOf(jane)).isEqualTo(this.groups.groupOf(jane));
		assertThat(new CustomerGroups("another-key").groupOf(jane)).isNotEqualTo(this.groups.groupOf(jane));
	}

}
