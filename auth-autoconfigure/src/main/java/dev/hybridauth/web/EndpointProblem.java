package dev.hybridauth.web;

import org.springframework.http.HttpStatus;

/**
 * An expected failure of a hybrid-auth endpoint, answered as {@code application/problem+json}.
 */
class EndpointProblem extends RuntimeException {

    private final HttpStatus status;

    private final String wwwAuthenticate;

    EndpointProblem(HttpStatus status, String detail, String wwwAuthenticate) {
        super(detail, null, false, false);
        this.status = status;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    static EndpointProblem badRequest(String detail) {
        return new EndpointProblem(HttpStatus.BAD_REQUEST, detail, null);
    }

    static EndpointProblem invalidCredential() {
        return new EndpointProblem(HttpStatus.UNAUTHORIZED, ProblemResponses.INVALID_CREDENTIAL,
                BearerChallenge.INVALID_TOKEN);
    }

    HttpStatus status() {
        return status;
    }

    String wwwAuthenticate() {
        return wwwAuthenticate;
    }

}
