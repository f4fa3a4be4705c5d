package io.inboxsync.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The faults in force. Each matching call draws against the first fault that applies;
 * counted faults retire.
 */
class SandboxFaults {

	private final Map<String, SandboxFault> faults = new LinkedHashMap<>();

	private final Map<String, Integer> remaining = new LinkedHashMap<>();

	private final Object cleared = new Object();

	private long clearings;

	synchronized SandboxFault add(SandboxFault fault) {
		SandboxFault added = fault.withId(UUID.randomUUID().toString());
		this.faults.put(added.id(), added);
		if (added.count() != null) {
			this.remaining.put(added.id(), added.count());
		}
		return added;
	}

	synchronized List<SandboxFault> list() {
		return new ArrayList<>(this.faults.values());
	}

	synchronized boolean remove(String id) {
		this.remaining.remove(id);
		boolean removed = this.faults.remove(id) != null;
		wakeHungCalls();
		return removed;
	}

	synchronized void clear() {
		this.faults.clear();
		this.remaining.clear();
		wakeHungCalls();
	}

	/** The fault this call suffers, if any, counting it against its fault's limit. */
	synchronized Optional<SandboxFault> draw(String method, String wixPath, String bodyAndQuery) {
		for (SandboxFault fault : this.faults.values()) {
			if (!fault.appliesTo(method, wixPath, bodyAndQuery)
					|| ThreadLocalRandom.current().nextDouble() >= fault.effectiveRate()) {
				continue;
			}
			Integer left = this.remaining.get(fault.id());
			if (left != null) {
				if (left <= 1) {
					this.faults.remove(fault.id());
					this.remaining.remove(fault.id());
				}
				else {
					this.remaining.put(fault.id(), left - 1);
				}
			}
			return Optional.of(fault);
		}
		return Optional.empty();
	}

	/**
	 * Holds a hung call until faults are cleared or removed, or at most
	 * {@code limitMillis}.
	 */
	void hang(long limitMillis) throws InterruptedException {
		long until = System.currentTimeMillis() + limitMillis;
		synchronized (this.cleared) {
			long generation = this.clearings;
			while (generation == this.clearings && System.currentTimeMillis() < until) {
				this.cleared.wait(Math.max(1, until - System.currentTimeMillis()));
			}
		}
	}

	private void wakeHungCalls() {
		synchronized (this.cleared) {
			this.clearings++;
			this.cleared.notifyAll();
		}
	}

}
