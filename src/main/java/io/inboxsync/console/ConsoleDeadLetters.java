package io.inboxsync.console;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.deadletter.DeadLetter;
import io.inboxsync.deadletter.DeadLetterReplayer;
import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.deadletter.ReplayJob;
import io.inboxsync.deadletter.ReplayJobs;
import io.inboxsync.delivery.Stage;
import io.inboxsync.web.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The console's dead letters: what is open, counted by stage, source and reason; a
 * filtered list; one dead letter in full; replay or discard it; and bulk replays of a
 * filter, estimated first and then followed until done. Every action goes through the
 * services the operator API uses.
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH)
class ConsoleDeadLetters {

	static final int PAGE_SIZE = 25;

	private static final int RECENT_JOBS = 5;

	private final DeadLetterStore store;

	private final DeadLetterReplayer replayer;

	private final ReplayJobs replayJobs;

	private final ObjectMapper objectMapper;

	ConsoleDeadLetters(DeadLetterStore store, DeadLetterReplayer replayer, ReplayJobs replayJobs,
			ObjectMapper objectMapper) {
		this.store = store;
		this.replayer = replayer;
		this.replayJobs = replayJobs;
		this.objectMapper = objectMapper;
	}

	@GetMapping({ "", "/" })
	String home() {
		return "redirect:" + ConsoleSecurity.PATH + "/dead-letters";
	}

	@GetMapping("/dead-letters")
	String list(@ModelAttribute("query") DeadLetterQuery query, Model model, HttpServletResponse response) {
		if (!query.isValid()) {
			response.setStatus(400);
			return badRequest(model, "status must be OPEN, REPLAYED, DISCARDED or ANY");
		}
		DeadLetterStore.Page page = this.store.list(query.filter(), PAGE_SIZE, query.page() * PAGE_SIZE);
		model.addAttribute("summary", DeadLetterSummary.of(this.store));
		model.addAttribute("page", page);
		model.addAttribute("lastPage", Math.max(0, (int) ((page.total() - 1) / PAGE_SIZE)));
		model.addAttribute("statuses", List.of("OPEN", "REPLAYED", "DISCARDED", DeadLetterQuery.ANY));
		model.addAttribute("stages", Arrays.stream(Stage.values()).map(Stage::value).toList());
		model.addAttribute("jobs", this.replayJobs.recent(RECENT_JOBS));
		return "console/dead-letters";
	}

	@GetMapping("/dead-letters/{id}")
	String show(@PathVariable String id, @ModelAttribute("query") DeadLetterQuery query, Model model,
			HttpServletResponse response) {
		Optional<DeadLetter> deadLetter = this.store.find(id);
		if (deadLetter.isEmpty()) {
			response.setStatus(404);
			return badRequest(model, "There is no dead letter " + id + ".");
		}
		model.addAttribute("deadLetter", deadLetter.get());
		model.addAttribute("event", prettyJson(deadLetter.get()));
		return "console/dead-letter";
	}

	@PostMapping("/dead-letters/{id}/replay")
	String replay(@PathVariable String id, @ModelAttribute("query") DeadLetterQuery query, Model model,
			HttpServletResponse response) {
		return answer(this.replayer.replayOne(id), "replayed", query, model, response);
	}

	@PostMapping("/dead-letters/{id}/discard")
	String discard(@PathVariable String id, @ModelAttribute("query") DeadLetterQuery query, Model model,
			HttpServletResponse response) {
		return answer(this.replayer.discardOne(id), "discarded", query, model, response);
	}

	/** What a bulk replay of the filter would replay, before it starts. */
	@GetMapping("/dead-letters/bulk-replay")
	String estimate(@ModelAttribute("query") DeadLetterQuery query, Model model) {
		model.addAttribute("estimate", this.replayJobs.estimate(query.filter().withStatus(DeadLetter.Status.OPEN)));
		return "console/bulk-replay";
	}

	@PostMapping("/dead-letters/bulk-replay")
	String startBulkReplay(@ModelAttribute("query") DeadLetterQuery query) {
		ReplayJob job = this.replayJobs.start(query.filter().withStatus(DeadLetter.Status.OPEN));
		return "redirect:" + ConsoleSecurity.PATH + "/replay-jobs/" + job.jobId();
	}

	@GetMapping("/replay-jobs/{jobId}")
	String job(@PathVariable String jobId, Model model, HttpServletResponse response) {
		Optional<ReplayJob> job = this.replayJobs.find(jobId);
		if (job.isEmpty()) {
			response.setStatus(404);
			return badRequest(model, "There is no replay job " + jobId + ".");
		}
		model.addAttribute("job", job.get());
		model.addAttribute("jobQuery", new DeadLetterQuery(DeadLetterQuery.ANY, job.get().filter().source(),
				job.get().filter().stage(), job.get().filter().reason(), job.get().filter().eventId(), 0));
		return "console/replay-job";
	}

	/** The job's progress, for the page's script to follow without reloading. */
	@GetMapping("/replay-jobs/{jobId}/progress")
	@ResponseBody
	ResponseEntity<?> progress(@PathVariable String jobId) {
		return this.replayJobs.find(jobId)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.status(404).body(ErrorBody.of(404, "no replay job " + jobId)));
	}

	@PostMapping("/replay-jobs/{jobId}/cancel")
	String cancel(@PathVariable String jobId) {
		this.replayJobs.cancel(jobId);
		return "redirect:" + ConsoleSecurity.PATH + "/replay-jobs/" + jobId;
	}

	private String prettyJson(DeadLetter deadLetter) {
		try {
			return this.objectMapper.writerWithDefaultPrettyPrinter().writeValueAsString(deadLetter.eventAsJson());
		}
		catch (JsonProcessingException ex) {
			return deadLetter.event();
		}
	}

	/**
	 * Back to the list, saying what was done; or the API's status and reason, as a
	 * sentence.
	 */
	private static String answer(DeadLetterReplayer.Outcome outcome, String done, DeadLetterQuery query, Model model,
			HttpServletResponse response) {
		if (outcome.isClosed()) {
			return "redirect:" + query.listUrl() + (query.listUrl().contains("?") ? "&" : "?") + "done=" + done;
		}
		response.setStatus(outcome.status());
		String reason = outcome.reason();
		return badRequest(model, Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ".");
	}

	private static String badRequest(Model model, String problem) {
		model.addAttribute("problem", problem);
		return "console/problem";
	}

}
