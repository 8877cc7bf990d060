package dev.hybridauth.it;

class H2RefreshCoalescingTests extends AbstractRefreshCoalescingTests {

}
