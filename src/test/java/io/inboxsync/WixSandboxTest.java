package io.inboxsync;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.sandbox.WixContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox answers as Wix does: its validation, its error shapes, its sign-in, its
 * paging.
 */
class WixSandboxTest extends InboxSyncTestSupport {

	private static final WixContract CONTRACT = WixContract.load();

	private static final Map<String, Object> TEXT = Map.of("basic", Map.of("items", List.of(Map.of("text", "hi"))));

	@Test
	void sendMessageRefusesTwoBadges() {
		String conversationId = this.wix.conversationOf(this.wix.createContact(uniqueEmail("badges")));
		List<Map<String, String>> badges = List.of(Map.of("text", "One"), Map.of("text", "Two"));

		SandboxWix.Response response = this.wix.post("/inbox/v2/messages",
				Map.of("conversationId", conversationId, "message", Map.of("direction", "PARTICIPANT_TO_BUSINESS",
						"visibility", "BUSINESS", "content", TEXT, "badges", badges)));

		assertViolations(response, Map.of("message.badges", "MAX_SIZE"));
	}

	@Test
	void sendMessageRefusesDirectionOutsideTheMessage() {
		String conversationId = this.wix.conversationOf(this.wix.createContact(uniqueEmail("direction")));

		SandboxWix.Response response = this.wix.post("/inbox/v2/messages", Map.of("conversationId", conversationId,
				"direction", "PARTICIPANT_TO_BUSINESS", "message", Map.of("visibility", "BUSINESS", "content", TEXT)));

		assertViolations(response, Map.of("message.direction", "REQUIRED_FIELD"));
	}

	@Test
	void sendMessageRefusesTheSeedPagesPayloadTypeMinimal() {
		String conversationId = this.wix.conversationOf(this.wix.createContact(uniqueEmail("payload")));

		SandboxWix.Response response = this.wix.post("/inbox/v2/messages",
				Map.of("conversationId", conversationId, "direction", "PARTICIPANT_TO_BUSINESS", "message",
						Map.of("visibility", "BUSINESS", "payload",
								Map.of("type", "MINIMAL", "minimal", Map.of("text", "Booked Spa Treatment")))));

		assertViolations(response, Map.of("message.direction", "REQUIRED_FIELD", "message.content", "REQUIRED_FIELD"));
	}

	@Test
	void sendMessageToAnUnknownConversationIsNotFound() {
		SandboxWix.Response response = this.wix.post("/inbox/v2/messages",
				Map.of("conversationId", "6202c3bb-f263-3c16-8c90-d6387d9ed420", "message",
						Map.of("direction", "PARTICIPANT_TO_BUSINESS", "visibility", "BUSINESS", "content", TEXT)));

		assertThat(response.status().value()).isEqualTo(404);
		assertThat(response.body().path("details").path("applicationError").path("code").asText())
			.isEqualTo("CONVERSATION_NOT_FOUND");
	}

	@Test
	void aSentMessageComesBackWithEveryFieldWixFillsIn() {
		String conversationId = this.wix.conversationOf(this.wix.createContact(uniqueEmail("fields")));

		JsonNode message = this.wix
			.post("/inbox/v2/messages",
					Map.of("conversationId", conversationId, "message",
							Map.of("direction", "BUSINESS_TO_PARTICIPANT", "visibility", "BUSINESS", "content", TEXT)))
			.body()
			.path("message");

		assertThat(message.path("id").asText()).isEqualTo(message.path("sequence").asText()).matches("\\d+");
		assertThat(message.path("createdDate").asText()).isNotEmpty();
		assertThat(message.path("sender").path("appId").asText()).isNotEmpty();
		assertThat(message.path("badges").isArray()).isTrue();
		assertThat(message.path("targetChannels").isArray()).isTrue();
		assertThat(message.path("sourceChannel").asText()).isEqualTo("UNKNOWN_CHANNEL_TYPE");
		assertThat(message.path("silent").isBoolean()).isTrue();
	}

	@Test
	void signInNeedsTheKeyAndTheSite() {
		SandboxWix.Response noKey = this.wix.call("POST", "/inbox/v2/conversations", Map.of(),
				Map.of("Authorization", "wrong-key"));
		SandboxWix.Response otherSite = this.wix.call("POST", "/inbox/v2/conversations", Map.of(),
				Map.of("wix-site-id", "00000000-0000-4000-8000-000000000000"));

		assertThat(noKey.status().value()).isEqualTo(401);
		assertThat(noKey.body().path("details").path("applicationError").path("code").asText())
			.isEqualTo("UNAUTHENTICATED");
		assertThat(noKey.requestId()).isNotEmpty();
		assertThat(otherSite.status().value()).isEqualTo(403);
	}

	@Test
	void createContactRefusesADuplicateEmailAndNamesTheContactThatHasIt() {
		String email = uniqueEmail("twice");
		String existing = this.wix.createContact(email);

		SandboxWix.Response response = this.wix.post("/contacts/v4/contacts",
				Map.of("info", Map.of("emails", Map.of("items", List.of(Map.of("email", email))))));

		assertThat(response.status().value()).isEqualTo(409);
		JsonNode error = response.body().path("details").path("applicationError");
		assertThat(error.path("code").asText()).isEqualTo("DUPLICATE_CONTACT_EXISTS");
		assertThat(error.path("data").path("duplicateContactId").asText()).isEqualTo(existing);
	}

	@Test
	void queryContactsPagesByOffsetAndProjectsFields() {
		String email = uniqueEmail("many");
		for (int i = 0; i < 3; i++) {
			this.wix.post("/contacts/v4/contacts", Map.of("allowDuplicates", true, "info",
					Map.of("emails", Map.of("items", List.of(Map.of("email", email))))));
		}

		JsonNode page = this.wix
			.post("/contacts/v4/contacts/query",
					Map.of("query", Map.of("filter", Map.of("info.emails.email", Map.of("$in", List.of(email))),
							"fields", List.of("id"), "paging", Map.of("limit", 2, "offset", 2))))
			.body();

		assertThat(page.path("contacts")).hasSize(1);
		assertThat(page.path("contacts").get(0).has("info")).isFalse();
		assertThat(page.path("pagingMetadata").path("total").asInt()).isEqualTo(3);
		SandboxWix.Response unknownField = this.wix.post("/contacts/v4/contacts/query",
				Map.of("query", Map.of("filter", Map.of("info.nickname", "x"))));
		assertThat(unknownField.body().path("details").path("applicationError").path("code").asText())
			.isEqualTo("UNSUPPORTED_FILTER_FIELD_UNKNOWN");
	}

	@Test
	void listMessagesHidesBusinessOnlyMessagesFromTheParticipantViewAndPagesByCursor() {
		String conversationId = this.wix.conversationOf(this.wix.createContact(uniqueEmail("listing")));
		for (String visibility : List.of("BUSINESS", "BUSINESS_AND_PARTICIPANT", "BUSINESS")) {
			this.wix.post("/inbox/v2/messages", Map.of("conversationId", conversationId, "message",
					Map.of("direction", "PARTICIPANT_TO_BUSINESS", "visibility", visibility, "content", TEXT)));
		}

		JsonNode all = this.wix
			.get("/inbox/v2/messages?conversationId=" + conversationId + "&visibility=BUSINESS&paging.limit=2")
			.body();
		JsonNode rest = this.wix
			.get("/inbox/v2/messages?conversationId=" + conversationId
					+ "&visibility=BUSINESS&paging.limit=2&paging.cursor="
					+ all.path("pagingMetadata").path("cursors").path("next").asText())
			.body();
		JsonNode participantView = this.wix
			.get("/inbox/v2/messages?conversationId=" + conversationId + "&visibility=BUSINESS_AND_PARTICIPANT")
			.body();
		String sdkForm = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"conversationId\":\"" + conversationId
					+ "\",\"visibility\":\"BUSINESS\",\"paging\":{\"limit\":1}}")
				.getBytes(StandardCharsets.UTF_8));
		JsonNode viaR = this.wix.get("/inbox/v2/messages?.r=" + sdkForm).body();

		assertThat(all.path("messages")).hasSize(2);
		assertThat(all.path("messages").get(0).path("sequence").asLong())
			.isGreaterThan(all.path("messages").get(1).path("sequence").asLong());
		assertThat(rest.path("messages")).hasSize(1);
		assertThat(rest.path("pagingMetadata").path("cursors").has("next")).isFalse();
		assertThat(participantView.path("messages")).hasSize(1);
		assertThat(viaR.path("messages")).hasSize(1);
	}

	@Test
	void listMessagesNeedsConversationAndVisibility() {
		assertViolations(this.wix.get("/inbox/v2/messages"),
				Map.of("conversationId", "REQUIRED_FIELD", "visibility", "REQUIRED_FIELD"));
	}

	@Test
	void sendMessageHoldsTheContractsLengthsSizesAndOneOfs() {
		String conversationId = this.wix.conversationOf(this.wix.createContact(uniqueEmail("contract")));
		Map<String, Object> twoKinds = Map.of("previewText", "p".repeat(257), "basic",
				Map.of("items", List.of(Map.of("text", "t".repeat(16385)))), "minimal", Map.of("text", "line"));
		Map<String, Object> noItems = Map.of("basic", Map.of("items", List.of()));

		SandboxWix.Response tooMuch = this.wix.post("/inbox/v2/messages",
				Map.of("conversationId", conversationId, "message",
						Map.of("direction", "PARTICIPANT_TO_BUSINESS", "visibility", "BUSINESS", "content", twoKinds)));
		SandboxWix.Response empty = this.wix.post("/inbox/v2/messages", Map.of("conversationId", "not-a-guid",
				"message", Map.of("direction", "SIDEWAYS", "visibility", "BUSINESS", "content", noItems)));

		assertViolations(tooMuch, Map.of("message.content.previewText", "MAX_LENGTH",
				"message.content.basic.items[0].text", "MAX_LENGTH", "message.content", "OTHER"));
		assertViolations(empty, Map.of("conversationId", "FORMAT", "message.direction", "OTHER",
				"message.content.basic.items", "MIN_SIZE"));
	}

	@Test
	void getOrCreateConversationNeedsExactlyOneParticipantId() {
		String contactId = this.wix.createContact(uniqueEmail("participant"));

		SandboxWix.Response two = this.wix.post("/inbox/v2/conversations",
				Map.of("participantId", Map.of("contactId", contactId, "memberId", contactId)));
		SandboxWix.Response none = this.wix.post("/inbox/v2/conversations", Map.of("participantId", Map.of()));

		assertViolations(two, Map.of("participantId", "OTHER"));
		assertViolations(none, Map.of("participantId", "OTHER"));
	}

	@Test
	void getsAcceptWixSdkFormsRAndPathIdsRepeatedAsQueryParameters() {
		String contactId = this.wix.createContact(uniqueEmail("sdk"));
		String conversationId = this.wix.conversationOf(contactId);
		String r = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"conversationId\":\"" + conversationId + "\"}").getBytes(StandardCharsets.UTF_8));

		SandboxWix.Response conversation = this.wix.get("/inbox/v2/conversations/" + conversationId + "?.r=" + r);
		SandboxWix.Response repeated = this.wix
			.get("/inbox/v2/conversations/" + conversationId + "?conversationId=" + conversationId);
		SandboxWix.Response contact = this.wix.get("/contacts/v4/contacts/" + contactId + "?id=" + contactId);
		SandboxWix.Response badR = this.wix.get("/contacts/v4/contacts/" + contactId + "?.r=%%%");

		assertThat(conversation.status().value()).isEqualTo(200);
		assertThat(conversation.body().path("conversation").path("id").asText()).isEqualTo(conversationId);
		assertThat(repeated.status().value()).isEqualTo(200);
		assertThat(contact.body().path("contact").path("id").asText()).isEqualTo(contactId);
		assertViolations(badR, Map.of(".r", "FORMAT"));
	}

	@Test
	void aMergedConversationMovesToANewIdWithItsMessagesAndTheOldIdIsGone() {
		String email = uniqueEmail("merged");
		String contactId = this.wix.createContact(email);
		String oldId = this.wix.conversationOf(contactId);
		this.wix.post("/inbox/v2/messages", Map.of("conversationId", oldId, "message",
				Map.of("direction", "PARTICIPANT_TO_BUSINESS", "visibility", "BUSINESS", "content", TEXT)));

		JsonNode merge = this.wix.post("/_admin/conversations/" + oldId + "/merge", null).body();
		String newId = merge.path("targetConversationId").asText();
		SandboxWix.Response sendToOld = this.wix.post("/inbox/v2/messages", Map.of("conversationId", oldId, "message",
				Map.of("direction", "PARTICIPANT_TO_BUSINESS", "visibility", "BUSINESS", "content", TEXT)));
		this.api.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", "After")));

		assertThat(merge.path("oldConversationIds").get(0).asText()).isEqualTo(oldId);
		assertThat(newId).isNotEqualTo(oldId);
		assertThat(sendToOld.status().value()).isEqualTo(404);
		assertThat(sendToOld.body().path("details").path("applicationError").path("code").asText())
			.isEqualTo("CONVERSATION_NOT_FOUND");
		assertThat(this.wix.get("/inbox/v2/conversations/" + oldId).status().value()).isEqualTo(404);
		assertThat(this.wix.conversationOf(contactId)).isEqualTo(newId);
		eventually().until(() -> this.wix.messages(contactId).size() == 2);
	}

	@Test
	void theAdminStateShowsContactsConversationsAndMessages() {
		String contactId = this.wix.createContact(uniqueEmail("state"));
		String conversationId = this.wix.conversationOf(contactId);
		this.wix.post("/inbox/v2/messages", Map.of("conversationId", conversationId, "message",
				Map.of("direction", "PARTICIPANT_TO_BUSINESS", "visibility", "BUSINESS", "content", TEXT)));

		JsonNode state = this.wix.call("GET", "/_admin/state", null, Map.of("Authorization", "")).body();

		assertThat(state.path("contacts"))
			.anySatisfy((contact) -> assertThat(contact.path("id").asText()).isEqualTo(contactId));
		assertThat(state.path("conversations")).anySatisfy((conversation) -> {
			assertThat(conversation.path("id").asText()).isEqualTo(conversationId);
			assertThat(conversation.path("participant").path("contactId").asText()).isEqualTo(contactId);
			assertThat(conversation.path("messages")).hasSize(1);
		});
	}

	@Test
	void answersKeepTheContractsResponseShapes() {
		String contactId = this.wix.createContact(uniqueEmail("shapes"));
		String conversationId = this.wix.conversationOf(contactId);
		Map<String, Object> send = Map.of("conversationId", conversationId, "message",
				Map.of("direction", "PARTICIPANT_TO_BUSINESS", "visibility", "BUSINESS", "content", TEXT));

		assertKeepsContract("POST", "/inbox/v2/messages", this.wix.post("/inbox/v2/messages", send));
		assertKeepsContract("GET", "/inbox/v2/messages",
				this.wix.get("/inbox/v2/messages?conversationId=" + conversationId + "&visibility=BUSINESS"));
		assertKeepsContract("POST", "/inbox/v2/conversations",
				this.wix.post("/inbox/v2/conversations", Map.of("participantId", Map.of("contactId", contactId))));
		assertKeepsContract("GET", "/inbox/v2/conversations/" + conversationId,
				this.wix.get("/inbox/v2/conversations/" + conversationId));
		assertKeepsContract("GET", "/contacts/v4/contacts/" + contactId,
				this.wix.get("/contacts/v4/contacts/" + contactId));
		assertKeepsContract("POST", "/contacts/v4/contacts/query", this.wix.post("/contacts/v4/contacts/query",
				Map.of("query", Map.of("filter", Map.of("id", contactId)))));
	}

	@Test
	void aCallWixDoesNotHaveIsNotFound() {
		SandboxWix.Response response = this.wix.get("/inbox/v2/nothing-here");

		assertThat(response.status().value()).isEqualTo(404);
		assertThat(response.body().has("details")).isTrue();
	}

	private static void assertKeepsContract(String method, String path, SandboxWix.Response response) {
		assertThat(response.status().value()).isEqualTo(200);
		assertThat(CONTRACT.checkResponse(method, path, 200, response.body().toString())).isEmpty();
	}

	private static void assertViolations(SandboxWix.Response response, Map<String, String> ruleByField) {
		assertThat(response.status().value()).isEqualTo(400);
		assertThat(response.body().path("message").asText()).isEqualTo("INVALID_ARGUMENT");
		JsonNode violations = response.body().path("details").path("validationError").path("fieldViolations");
		ruleByField.forEach((field, rule) -> assertThat(violations).anySatisfy((violation) -> {
			assertThat(violation.path("field").asText()).isEqualTo(field);
			assertThat(violation.path("violatedRule").asText()).isEqualTo(rule);
		}));
	}

}
