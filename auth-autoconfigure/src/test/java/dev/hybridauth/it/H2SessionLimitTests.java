package dev.hybridauth.it;

class H2SessionLimitTests extends AbstractSessionLimitTests {

}
