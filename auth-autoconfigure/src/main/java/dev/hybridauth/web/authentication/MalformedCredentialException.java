package dev.hybridauth.web.authentication;

/**
 * The request's credential is malformed on its face: answered before any verification.
 */
public class MalformedCredentialException extends RuntimeException {

	private final boolean badRequest;

	/**
	 * Creates the exception for a credential resolver to throw; the filter answers it
	 * before any verification.
	 * @param message what is wrong (never the credential itself)
	 * @param badRequest {@code true} for a malformed request ({@code 400}), {@code false}
	 * for an invalid credential ({@code 401})
	 */
	public MalformedCredentialException(String message, boolean badRequest) {
		super(message);
		this.badRequest = badRequest;
	}

	public boolean isBadRequest() {
		return this.badRequest;
	}

}
