/**
 * Implementation details of the engine: configuration parsing, provider discovery, the ban list. Not API; may change
 * in any release.
 */
package io.mqttauth.internal;
