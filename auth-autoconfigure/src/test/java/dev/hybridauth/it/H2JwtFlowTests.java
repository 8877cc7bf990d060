package dev.hybridauth.it;

class H2JwtFlowTests extends AbstractJwtFlowTests {

}
