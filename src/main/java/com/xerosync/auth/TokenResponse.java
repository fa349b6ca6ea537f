package com.xerosync.auth;

import java.time.Instant;

/** A token endpoint's answer. {@code refreshToken} is null for custom connections (client credentials). */
public record TokenResponse(String accessToken, String refreshToken, Instant expiresAt, String scope) {

    @Override
    public String toString() {
        // tokens are secrets: never in logs or exception messages
        return "TokenResponse[expiresAt=" + expiresAt + ", scope=" + scope + ", refreshToken="
                + (refreshToken == null ? "none" : "***") + "]";
    }
}
