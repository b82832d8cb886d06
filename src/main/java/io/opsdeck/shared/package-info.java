/**
 * Types every module may use: domain exceptions that the web layer maps to RFC 9457 problem details, and paging.
 * Depends on the JDK and Spring core only.
 */
package io.opsdeck.shared;
