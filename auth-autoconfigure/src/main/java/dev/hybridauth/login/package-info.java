/**
 * Password checks: the {@link LoginThrottle} SPI, asked before every password hash and
 * told the outcome after, and {@link PasswordCheck}, through which the login and
 * re-authentication endpoints and the DSL's form login check passwords (throttled,
 * bounded in concurrency, outages told apart from wrong passwords).
 * {@link LoginThrottleAutoConfiguration} keeps the throttle's counters in the database
 * when there is one, else in bounded memory.
 */
package dev.hybridauth.login;
