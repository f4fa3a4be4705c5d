package io.inboxsync.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source files of one folder, each loaded on its own, so that a broken file is
 * reported with its name and line and neither stops the service nor the other sources.
 * The folder is polled: a new or changed file is loaded, a deleted file's routes are
 * removed, and a changed file that does not load leaves its previous version running.
 * <p>
 * Camel's own route reloading cannot do this: a broken file stops the application at
 * startup, a deleted file's routes keep running, and an edited templated route needs a
 * restart.
 */
public class SourceFolder implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SourceFolder.class);

	/** How long a removed source may take to finish the event in hand. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final CamelContext camelContext;

	private final Path folder;

	private final Duration pollInterval;

	private final SourceCompiler compiler;

	private final RunningSources sources;

	private final Map<Path, SourceFile> files = new TreeMap<>();

	private ScheduledExecutorService poller;

	private volatile boolean loaded;

	/**
	 * What {@link #status()} answers, published after each scan: health checks and the
	 * console read it without waiting for a scan that is stopping a busy route.
	 */
	private volatile List<SourceFileStatus> status = List.of();

	public SourceFolder(CamelContext camelContext, Path folder, Duration pollInterval, SourceCompiler compiler,
			RunningSources sources) {
		this.camelContext = camelContext;
		this.folder = folder;
		this.pollInterval = pollInterval;
		this.compiler = compiler;
		this.sources = sources;
	}

	/** Loads every file now, then watches the folder. */
	public synchronized void start() {
		log.info("Loading sources from {}, checked for changes every {}", this.folder.toAbsolutePath(),
				this.pollInterval);
		scan();
		this.loaded = true;
		this.poller = this.camelContext.getExecutorServiceManager()
			.newSingleThreadScheduledExecutor(this, "inbox-sync-sources");
		long millis = this.pollInterval.toMillis();
		this.poller.scheduleWithFixedDelay(this::scanSafely, millis, millis, TimeUnit.MILLISECONDS);
	}

	/** Stops watching and removes every route this folder created. */
	@Override
	public synchronized void close() {
		if (this.poller != null) {
			this.camelContext.getExecutorServiceManager().shutdownNow(this.poller);
			this.poller = null;
		}
		for (SourceFile file : this.files.values()) {
			stop(file.sources());
		}
		this.files.clear();
		publishStatus();
	}

	/**
	 * Each file as last seen: what runs from it, and why its latest version did not load.
	 */
	public List<SourceFileStatus> status() {
		return this.status;
	}

	private void publishStatus() {
		this.status = this.files.entrySet()
			.stream()
			.map((entry) -> new SourceFileStatus(entry.getKey().getFileName().toString(), entry.getValue().routeIds(),
					entry.getValue().error(), entry.getValue().checkedAt()))
			.toList();
	}

	/** Whether the files were loaded once: until then webhooks would answer 404. */
	public boolean isLoaded() {
		return this.loaded;
	}

	public Path folder() {
		return this.folder;
	}

	private void scanSafely() {
		try {
			scan();
		}
		catch (RuntimeException ex) {
			log.error("Could not check {} for changed sources", this.folder, ex);
		}
	}

	/** Brings the running sources in line with the folder's files. */
	public synchronized void scan() {
		try {
			bringInLine();
		}
		finally {
			publishStatus();
		}
	}

	private void bringInLine() {
		Map<Path, String> current = readFiles();
		Set<Path> changed = new HashSet<>();
		for (Path gone : new ArrayList<>(this.files.keySet())) {
			if (!current.containsKey(gone)) {
				SourceFile removed = this.files.remove(gone);
				stop(removed.sources());
				changed.add(gone);
				log.info("Source file {} was deleted: removed routes {}", gone.getFileName(), removed.routeIds());
			}
		}
		current.forEach((path, content) -> {
			SourceFile known = this.files.get(path);
			if (known == null || !content.equals(known.content())) {
				this.files.put(path, load(path, content, known));
				changed.add(path);
			}
		});
		if (!changed.isEmpty()) {
			// A file refused because another took its name, path or route id may fit now
			// that the other changed.
			for (Path path : new ArrayList<>(this.files.keySet())) {
				SourceFile file = this.files.get(path);
				if (file.error() != null && !changed.contains(path)) {
					this.files.put(path, load(path, file.content(), file));
				}
			}
		}
	}

	private SourceFile load(Path path, String content, SourceFile previous) {
		String file = path.getFileName().toString();
		List<SourceDefinition> sources;
		try {
			sources = compile(content, (previous != null) ? previous.sources() : List.of());
		}
		catch (SourceFileException ex) {
			String error = ex.describe(file);
			if (ex instanceof SourceCompiler.SourceNotConfiguredException) {
				log.warn("Source file {} waits for its configuration: {}", file, error);
			}
			else {
				log.error("Source file {} did not load{}: {}", file, (previous != null && !previous.sources().isEmpty())
						? ", its previous version keeps running" : "", error);
			}
			return new SourceFile(content, (previous != null) ? previous.sources() : List.of(), error, Instant.now());
		}
		if (previous != null) {
			stop(previous.sources());
		}
		try {
			start(sources);
			log.info("Source file {} {}: routes {}", file, (previous != null) ? "reloaded" : "loaded",
					routeIds(sources));
			return new SourceFile(content, sources, null, Instant.now());
		}
		catch (Exception ex) {
			String error = file + ": " + SourceFileErrors.reason(ex);
			List<SourceDefinition> stillRunning = List.of();
			if (previous != null && !previous.sources().isEmpty()) {
				stillRunning = restore(file, previous.sources());
			}
			log.error("Source file {} did not start{}: {}", file,
					stillRunning.isEmpty() ? "" : ", its previous version keeps running", error);
			return new SourceFile(content, stillRunning, error, Instant.now());
		}
	}

	/**
	 * The file's sources, each checked on its own and against every source and route that
	 * runs but the file's own previous version: no two take the same route id, name,
	 * webhook path, folder or queue.
	 */
	private List<SourceDefinition> compile(String content, List<SourceDefinition> replaced) {
		Set<String> replacedRoutes = routeIds(replaced);
		Map<String, String> taken = new HashMap<>();
		for (SourceDefinition running : this.sources.all()) {
			if (!replacedRoutes.contains(running.routeId())) {
				taken.put(running.routeId(), "source " + running.name());
				taken.put(running.name(), "source " + running.name());
				taken.put(running.reads(), "source " + running.name());
			}
		}
		for (Route route : this.camelContext.getRoutes()) {
			if (!replacedRoutes.contains(route.getRouteId())) {
				taken.putIfAbsent(route.getRouteId(), "route " + route.getRouteId());
				if (route.getEndpoint() instanceof PlatformHttpEndpoint endpoint) {
					taken.putIfAbsent("POST /" + endpoint.getPath().replaceAll("^/+|/+$", ""),
							"route " + route.getRouteId());
				}
			}
		}
		List<SourceDefinition> sources = new ArrayList<>();
		for (SourceDeclaration declaration : SourceFileReader.read(content)) {
			SourceDefinition source = this.compiler.compileChecked(declaration, SourceCompiler.Purpose.RUN);
			refuseTaken(taken, source.routeId(), "its routeId " + source.routeId(), declaration.routeIdLine());
			refuseTaken(taken, source.name(), "its name " + source.name(), declaration.lineOf(SourceCompiler.NAME));
			refuseTaken(taken, source.reads(), "it reads " + source.reads() + ", which", declaration.line());
			taken.put(source.routeId(), "this file");
			taken.put(source.name(), "this file");
			taken.put(source.reads(), "this file");
			sources.add(source);
		}
		return sources;
	}

	private static void refuseTaken(Map<String, String> taken, String key, String what, int line) {
		String owner = taken.get(key);
		if (owner != null) {
			throw new SourceFileException(line, what + " is already used by " + owner);
		}
	}

	/**
	 * Adds the sources' routes; on any failure removes whatever part of them was added,
	 * then throws.
	 */
	private void start(List<SourceDefinition> sources) throws Exception {
		try {
			for (SourceDefinition source : sources) {
				this.sources.add(source);
				this.camelContext.addRouteFromTemplate(source.routeId(), source.template(),
						new HashMap<>(source.routeParameters()));
			}
		}
		catch (Exception ex) {
			stop(sources);
			throw ex;
		}
	}

	private List<SourceDefinition> restore(String file, List<SourceDefinition> previous) {
		try {
			start(previous);
			return previous;
		}
		catch (Exception ex) {
			log.error("Source file {}: its previous version could not be restored either: {}", file,
					SourceFileErrors.reason(ex));
			return List.of();
		}
	}

	private void stop(List<SourceDefinition> sources) {
		removeRoutes(routeIds(sources));
		sources.forEach((source) -> this.sources.remove(source.routeId()));
	}

	private static Set<String> routeIds(List<SourceDefinition> sources) {
		return sources.stream().map(SourceDefinition::routeId).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private void removeRoutes(Set<String> routeIds) {
		Model model = this.camelContext.getCamelContextExtension().getContextPlugin(Model.class);
		for (String routeId : routeIds) {
			try {
				this.camelContext.getRouteController().stopRoute(routeId, STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				RouteDefinition definition = model.getRouteDefinition(routeId);
				if (definition != null) {
					model.removeRouteDefinition(definition);
				}
				else {
					this.camelContext.removeRoute(routeId);
				}
			}
			catch (Exception ex) {
				log.error("Could not remove route {}", routeId, ex);
			}
		}
	}

	private Map<Path, String> readFiles() {
		Map<Path, String> contents = new TreeMap<>();
		if (!Files.isDirectory(this.folder)) {
			return contents;
		}
		try (Stream<Path> paths = Files.list(this.folder)) {
			for (Path path : paths.filter(SourceFolder::isSourceFile).toList()) {
				try {
					contents.put(path, Files.readString(path, StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					// Deleted or being replaced between listing and reading: the next
					// scan sees it settled.
					log.debug("Could not read {}", path, ex);
				}
			}
		}
		catch (IOException ex) {
			log.error("Could not list {}", this.folder, ex);
		}
		return contents;
	}

	private static boolean isSourceFile(Path path) {
		String name = path.getFileName().toString();
		return Files.isRegularFile(path) && !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
	}

	/**
	 * A file as last read: its content, the sources running from it (its previous
	 * version's if the latest did not load), and why the latest did not load.
	 */
	private record SourceFile(String content, List<SourceDefinition> sources, String error, Instant checkedAt) {

		Set<String> routeIds() {
			return SourceFolder.routeIds(this.sources);
		}

	}

	/**
	 * What an operator sees of one source file.
	 *
	 * @param routeIds the routes running from it (from its previous version if the latest
	 * did not load)
	 * @param error why its latest version did not load, with the line; {@code null} when
	 * it loaded
	 */
	public record SourceFileStatus(String file, Set<String> routeIds, String error, Instant checkedAt) {
	}

}
