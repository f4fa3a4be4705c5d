package io.inboxsync.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.source.RunningSources;
import io.inboxsync.source.SourceActivity;
import io.inboxsync.source.SourceDefinition;
import io.inboxsync.source.SourceDryRun;
import io.inboxsync.source.SourceFileException;
import io.inboxsync.source.SourceFolder;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's sources: each file of the sources folder, the routes it runs or why it
 * does not, what each source received in the last hour; and the dry run of a sample
 * payload on a running source or on a pasted source file.
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH + "/sources")
class ConsoleSources {

	static final List<String> CONTENT_TYPES = List.of(MediaType.APPLICATION_JSON_VALUE,
			MediaType.APPLICATION_FORM_URLENCODED_VALUE);

	private final SourceFolder folder;

	private final RunningSources sources;

	private final SourceActivity activity;

	private final SourceDryRun dryRun;

	private final ObjectMapper objectMapper;

	ConsoleSources(SourceFolder folder, RunningSources sources, SourceActivity activity, SourceDryRun dryRun,
			ObjectMapper objectMapper) {
		this.folder = folder;
		this.sources = sources;
		this.activity = activity;
		this.dryRun = dryRun;
		this.objectMapper = objectMapper;
	}

	@GetMapping
	String sources(Model model) {
		addSources(model);
		model.addAttribute("form", new DryRunForm(null, null, null, MediaType.APPLICATION_JSON_VALUE));
		return "console/sources";
	}

	@PostMapping("/dry-run")
	String dryRun(@RequestParam(defaultValue = "") String source, @RequestParam(defaultValue = "") String file,
			@RequestParam(defaultValue = "") String payload,
			@RequestParam(defaultValue = MediaType.APPLICATION_JSON_VALUE) String contentType, Model model,
			HttpServletResponse response) throws JsonProcessingException {
		addSources(model);
		DryRunForm form = new DryRunForm(source, file, payload,
				CONTENT_TYPES.contains(contentType) ? contentType : MediaType.APPLICATION_JSON_VALUE);
		model.addAttribute("form", form);
		DryRunOutcome outcome;
		if (StringUtils.hasText(file)) {
			try {
				outcome = outcome(this.dryRun.ofFile(file, payload, form.contentType()));
			}
			catch (SourceFileException ex) {
				outcome = DryRunOutcome.refused(422, ex.describe("the pasted file"));
			}
		}
		else {
			Optional<SourceDryRun.Result> result = this.dryRun.ofRunning(source, payload, form.contentType());
			outcome = result.isPresent() ? outcome(result.get())
					: DryRunOutcome.refused(404, "Pick a running source, or paste a source file.");
		}
		if (outcome.status() >= 400) {
			response.setStatus(422);
		}
		model.addAttribute("outcome", outcome);
		return "console/sources";
	}

	private DryRunOutcome outcome(SourceDryRun.Result result) throws JsonProcessingException {
		if (result.event() != null) {
			return new DryRunOutcome(200, result.routeId(),
					this.objectMapper.writerWithDefaultPrettyPrinter().writeValueAsString(result.event()), null, null);
		}
		if (result.ignored() != null) {
			return new DryRunOutcome(200, result.routeId(), null, result.ignored(), null);
		}
		return new DryRunOutcome(result.refused().httpStatus(), result.routeId(), null, null,
				result.refused().getMessage());
	}

	private void addSources(Model model) {
		Map<String, SourceDefinition> byRouteId = this.sources.all()
			.stream()
			.collect(Collectors.toMap(SourceDefinition::routeId, Function.identity()));
		List<FileRow> files = new ArrayList<>();
		for (SourceFolder.SourceFileStatus status : this.folder.status()) {
			List<SourceRow> rows = status.routeIds()
				.stream()
				.map(byRouteId::get)
				.filter((source) -> source != null)
				.map(this::row)
				.toList();
			files.add(new FileRow(status.file(), status.error(), status.checkedAt(), rows));
		}
		model.addAttribute("folder", this.folder.folder().toString());
		model.addAttribute("files", files);
		model.addAttribute("running", names(this.sources.all()));
		model.addAttribute("contentTypes", CONTENT_TYPES);
	}

	private SourceRow row(SourceDefinition source) {
		SourceActivity.LastHour lastHour = this.activity.lastHour(source.name())
			.orElse(new SourceActivity.LastHour(0, 0, 0, null));
		return new SourceRow(source.name(), source.routeId(), kind(source.template()), source.reads(), lastHour);
	}

	private static List<String> names(Collection<SourceDefinition> running) {
		return running.stream().map(SourceDefinition::name).sorted(Comparator.naturalOrder()).toList();
	}

	/** webhook, folder, queue or kafka, from the template's id. */
	private static String kind(String template) {
		return template.replaceFirst("^inbox-sync-", "").replaceFirst("-source$", "");
	}

	record FileRow(String file, String error, Instant checkedAt, List<SourceRow> sources) {
	}

	record SourceRow(String name, String routeId, String kind, String reads, SourceActivity.LastHour lastHour) {
	}

	record DryRunForm(String source, String file, String payload, String contentType) {
	}

	/**
	 * @param status 200 for an event or an ignored sample, else the status a webhook
	 * would answer (or 422 for a file that cannot work)
	 */
	record DryRunOutcome(int status, String routeId, String event, String ignored, String refused) {

		static DryRunOutcome refused(int status, String reason) {
			return new DryRunOutcome(status, null, null, null, reason);
		}

	}

}
