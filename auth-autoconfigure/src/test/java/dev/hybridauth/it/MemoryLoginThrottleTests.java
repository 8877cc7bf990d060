package dev.hybridauth.it;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "hybrid-auth.login.throttle.store=memory")
class MemoryLoginThrottleTests extends AbstractLoginThrottleTests {

	@Override
	void forgetAllFailures() {
		// the clock moved past every earlier limit, and the state is this context's own
	}

	@Override
	long statementsOfAThrottledAttempt() {
		return 0;
	}

}
