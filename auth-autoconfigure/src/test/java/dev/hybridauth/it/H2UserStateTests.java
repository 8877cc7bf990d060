package dev.hybridauth.it;

class H2UserStateTests extends AbstractUserStateTests {

}
