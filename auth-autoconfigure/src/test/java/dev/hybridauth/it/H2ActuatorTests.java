package dev.hybridauth.it;

class H2ActuatorTests extends AbstractActuatorTests {

	@Override
	String expectedListener() {
		return "none";
	}

}
