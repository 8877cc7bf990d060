package dev.hybridauth.it;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The application's password encoder (bcrypt through Spring Security's delegating
 * encoder), counting the password hashes it computes to check a password, so that a test
 * can prove a request computed none. A test can also hold every check at a gate, to fill
 * the concurrent checks.
 */
public class CountingPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private final AtomicLong matches = new AtomicLong();

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile CountDownLatch gate;

	@Override
	public String encode(CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		this.matches.incrementAndGet();
		this.inFlight.incrementAndGet();
		try {
			CountDownLatch held = this.gate;
			if (held != null) {
				held.await(30, TimeUnit.SECONDS);
			}
			return this.delegate.matches(rawPassword, encodedPassword);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	/** How many password checks (hashes) the encoder has computed. */
	public long matches() {
		return this.matches.get();
	}

	/** How many password checks are running now. */
	public int inFlight() {
		return this.inFlight.get();
	}

	/** Holds every password check until {@link #open()}. */
	public void close() {
		this.gate = new CountDownLatch(1);
	}

	/** Lets the held password checks go on, and the next ones through. */
	public void open() {
		CountDownLatch held = this.gate;
		this.gate = null;
		if (held != null) {
			held.countDown();
		}
	}

}
