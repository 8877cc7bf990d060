package dev.hybridauth.session;

/**
 * The store contract on {@link InMemorySessionStore}: a new store for each test.
 */
class InMemorySessionStoreTests extends AbstractSessionStoreTests {

	private InMemorySessionStore store;

	@Override
	SessionStore store() {
		return this.store;
	}

	@Override
	void emptyStore() {
		this.store = new InMemorySessionStore();
	}

}
