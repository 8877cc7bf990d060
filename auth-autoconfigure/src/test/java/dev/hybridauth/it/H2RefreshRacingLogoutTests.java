package dev.hybridauth.it;

class H2RefreshRacingLogoutTests extends AbstractRefreshRacingLogoutTests {

}
