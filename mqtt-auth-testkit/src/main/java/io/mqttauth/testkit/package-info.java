/**
 * Test support for mqtt-auth: {@link io.mqttauth.testkit.AuthenticatorCompatibilityKit} and
 * {@link io.mqttauth.testkit.AuthorizerCompatibilityKit}, abstract JUnit 5 tests that every provider extends to prove
 * the provider contract, and {@link io.mqttauth.testkit.MqttAuthAssertions}, fluent assertions for broker authors who
 * unit-test their own rules.
 *
 * <p>Nullability: every parameter and return value is non-null unless documented otherwise.
 */
package io.mqttauth.testkit;
