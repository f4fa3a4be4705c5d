package io.inboxsync.source;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The sources that run, by route id: what a source's route needs at runtime (its mapping,
 * its webhook checks, its name) is looked up here, built once when its file loaded,
 * instead of being read back from Camel's route model.
 */
@Component
public class RunningSources {

	private final Map<String, SourceDefinition> byRouteId = new ConcurrentHashMap<>();

	/** The source whose route this is. */
	public SourceDefinition ofRoute(String routeId) {
		SourceDefinition source = (routeId != null) ? this.byRouteId.get(routeId) : null;
		if (source == null) {
			throw new IllegalStateException("Route " + routeId + " is not a running source");
		}
		return source;
	}

	/**
	 * The name of the source whose route this is; empty when it is none (or no longer:
	 * its file was replaced while the route was busy).
	 */
	public Optional<String> nameOfRoute(String routeId) {
		return Optional.ofNullable((routeId != null) ? this.byRouteId.get(routeId) : null).map(SourceDefinition::name);
	}

	public Optional<SourceDefinition> named(String name) {
		return this.byRouteId.values().stream().filter((source) -> source.name().equals(name)).findFirst();
	}

	public Collection<SourceDefinition> all() {
		return List.copyOf(this.byRouteId.values());
	}

	void add(SourceDefinition source) {
		this.byRouteId.put(source.routeId(), source);
	}

	void remove(String routeId) {
		this.byRouteId.remove(routeId);
	}

}
