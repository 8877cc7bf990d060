package dev.hybridauth.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.hybridauth.event.HybridLoginThrottledEvent;
import dev.hybridauth.event.HybridSessionRefreshedEvent;
import dev.hybridauth.event.HybridSessionRevokedEvent;
import dev.hybridauth.event.HybridSessionStartedEvent;

import org.springframework.context.event.EventListener;

/**
 * The session and login events an application would receive, whatever thread published
 * them.
 */
public class RecordedEvents {

	private final List<Object> events = new CopyOnWriteArrayList<>();

	@EventListener
	void started(HybridSessionStartedEvent event) {
		this.events.add(event);
	}

	@EventListener
	void refreshed(HybridSessionRefreshedEvent event) {
		this.events.add(event);
	}

	@EventListener
	void revoked(HybridSessionRevokedEvent event) {
		this.events.add(event);
	}

	@EventListener
	void throttled(HybridLoginThrottledEvent event) {
		this.events.add(event);
	}

	public <T> List<T> of(Class<T> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public void clear() {
		this.events.clear();
	}

}
