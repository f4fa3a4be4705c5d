package io.inboxsync.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source files of one folder, each loaded on its own, so that a broken file is reported with its name and line
 * and neither stops the service nor the other sources. The folder is polled: a new or changed file is loaded, a
 * deleted file's routes are removed, and a changed file that does not load leaves its previous version running.
 * <p>
 * Camel's own route reloading cannot do this: a broken file stops the application at startup, a deleted file's routes
 * keep running, and an edited templated route needs a restart.
 */
public class SourceFolder implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SourceFolder.class);

	/** How long a removed source may take to finish the event in hand. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final CamelContext camelContext;

	private final Path folder;

	private final Duration pollInterval;

	private final Consumer<Set<String>> routeCheck;

	private final Map<Path, SourceFile> files = new TreeMap<>();

	private ScheduledExecutorService poller;

	private volatile boolean loaded;

	/**
	 * @param routeCheck throws when the routes a file just created cannot work (a secret that is not set, say), so
	 * the file is refused like one that does not parse
	 */
	public SourceFolder(CamelContext camelContext, Path folder, Duration pollInterval, Consumer<Set<String>> routeCheck) {
		this.camelContext = camelContext;
		this.folder = folder;
		this.pollInterval = pollInterval;
		this.routeCheck = routeCheck;
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
			removeRoutes(file.routeIds());
		}
		this.files.clear();
	}

	/** Each file as last seen: what runs from it, and why its latest version did not load. */
	public synchronized List<SourceFileStatus> status() {
		return this.files.entrySet()
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
		Map<Path, String> current = readFiles();
		for (Path gone : new ArrayList<>(this.files.keySet())) {
			if (!current.containsKey(gone)) {
				SourceFile removed = this.files.remove(gone);
				removeRoutes(removed.routeIds());
				log.info("Source file {} was deleted: removed routes {}", gone.getFileName(), removed.routeIds());
			}
		}
		current.forEach((path, content) -> {
			SourceFile known = this.files.get(path);
			if (known == null || !content.equals(known.content())) {
				this.files.put(path, load(path, content, known));
			}
		});
	}

	private SourceFile load(Path path, String content, SourceFile previous) {
		if (previous != null) {
			removeRoutes(previous.routeIds());
		}
		try {
			Set<String> routeIds = addRoutes(path, content);
			log.info("Source file {} {}: routes {}", path.getFileName(), (previous != null) ? "reloaded" : "loaded",
					routeIds);
			return new SourceFile(content, routeIds, null, Instant.now());
		}
		catch (Exception ex) {
			String error = SourceFileErrors.describe(path, content, ex);
			Set<String> stillRunning = Set.of();
			if (previous != null && previous.loadedContent() != null) {
				stillRunning = restore(path, previous);
				log.error("Source file {} did not load, its previous version keeps running: {}", path.getFileName(),
						error);
			}
			else {
				log.error("Source file {} did not load: {}", path.getFileName(), error);
			}
			return new SourceFile(content, stillRunning, error, Instant.now(),
					(previous != null) ? previous.loadedContent() : null);
		}
	}

	private Set<String> restore(Path path, SourceFile previous) {
		try {
			return addRoutes(path, previous.loadedContent());
		}
		catch (Exception ex) {
			log.error("Source file {}: its previous version could not be restored either", path.getFileName(), ex);
			return Set.of();
		}
	}

	/** Adds the file's routes; on any failure removes whatever part of it was added, then throws. */
	private Set<String> addRoutes(Path path, String content) throws Exception {
		Set<String> before = routeIds();
		try {
			Resource resource = ResourceHelper.fromString("file:" + path, content);
			Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(this.camelContext)
				.findRoutesBuilders(List.of(resource));
			refuseTakenRouteIds(builders, before);
			for (RoutesBuilder builder : builders) {
				this.camelContext.addRoutes(builder);
				this.camelContext.addTemplatedRoutes(builder);
			}
			Set<String> added = new LinkedHashSet<>(routeIds());
			added.removeAll(before);
			this.routeCheck.accept(added);
			return added;
		}
		catch (Exception ex) {
			Set<String> partial = new HashSet<>(routeIds());
			partial.removeAll(before);
			removeRoutes(partial);
			throw ex;
		}
	}

	/**
	 * Camel would silently replace a running route of the same id: another source's, or the pipeline's. The ids a
	 * file declares are known once its builders are configured, before anything is added.
	 */
	private void refuseTakenRouteIds(Collection<RoutesBuilder> builders, Set<String> running) throws Exception {
		for (RoutesBuilder builder : builders) {
			if (builder instanceof RouteBuilder routeBuilder) {
				routeBuilder.configureRoutes(this.camelContext);
				List<String> declared = new ArrayList<>();
				routeBuilder.getRouteCollection().getRoutes().forEach((route) -> declared.add(route.getId()));
				routeBuilder.getTemplatedRouteCollection()
					.getTemplatedRoutes()
					.forEach((route) -> declared.add(route.getRouteId()));
				for (String routeId : declared) {
					if (routeId != null && running.contains(routeId)) {
						throw new SourceCheck.SourceCheckException(routeId,
								new IllegalArgumentException("its id is already used by " + ownerOf(routeId)));
					}
				}
			}
		}
	}

	private String ownerOf(String routeId) {
		return this.files.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().routeIds().contains(routeId))
			.map((entry) -> "source file " + entry.getKey().getFileName())
			.findFirst()
			.orElse("a route of inbox-sync");
	}

	private Set<String> routeIds() {
		return this.camelContext.getRoutes().stream().map(Route::getId).collect(Collectors.toSet());
	}

	private void removeRoutes(Set<String> routeIds) {
		Model model = this.camelContext.getCamelContextExtension().getContextPlugin(Model.class);
		for (String routeId : routeIds) {
			try {
				this.camelContext.getRouteController()
					.stopRoute(routeId, STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
					// Deleted or being replaced between listing and reading: the next scan sees it settled.
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
	 * A file as last read: its content, the routes running from it, and why that content did not load.
	 *
	 * @param loadedContent the content whose routes run, kept to restore it when a later edit does not load
	 */
	private record SourceFile(String content, Set<String> routeIds, String error, Instant checkedAt,
			String loadedContent) {

		SourceFile(String content, Set<String> routeIds, String error, Instant checkedAt) {
			this(content, routeIds, error, checkedAt, content);
		}

	}

	/**
	 * What an operator sees of one source file.
	 *
	 * @param routeIds the routes running from it (from its previous version if the latest did not load)
	 * @param error why its latest version did not load, with the line; {@code null} when it loaded
	 */
	public record SourceFileStatus(String file, Set<String> routeIds, String error, Instant checkedAt) {
	}

}
