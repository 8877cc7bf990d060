package dev.hybridauth.it;

class H2SessionAuthenticationTests extends AbstractSessionAuthenticationTests {

}
