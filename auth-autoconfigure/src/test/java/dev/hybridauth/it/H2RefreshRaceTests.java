package dev.hybridauth.it;

class H2RefreshRaceTests extends AbstractRefreshRaceTests {

}
