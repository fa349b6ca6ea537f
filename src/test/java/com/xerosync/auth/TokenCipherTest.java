package com.xerosync.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final TokenCipher cipher = TokenCipher.fromBase64(KEY);

    @Test
    void should_round_trip_a_token_without_storing_it_in_clear_or_twice_alike() {
        String token = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.secret-part";
        String first = cipher.encrypt(token, "grant:app");
        String second = cipher.encrypt(token, "grant:app");
        assertThat(first).startsWith("v1:").doesNotContain("secret-part");
        assertThat(second).isNotEqualTo(first);
        assertThat(cipher.decrypt(first, "grant:app")).isEqualTo(token);
        assertThat(cipher.decrypt(second, "grant:app")).isEqualTo(token);
        assertThat(cipher.encrypt(null, "grant:app")).isNull();
    }

    @Test
    void should_refuse_a_ciphertext_moved_to_another_connection_altered_or_read_with_another_key() {
        String sealed = cipher.encrypt("refresh-token", "grant:a");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "grant:b")).hasMessageContaining("cannot be decrypted");
        char[] chars = sealed.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> cipher.decrypt(new String(chars), "grant:a")).hasMessageContaining("cannot be decrypted");
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        TokenCipher other = TokenCipher.fromBase64(Base64.getEncoder().encodeToString(otherKey));
        assertThatThrownBy(() -> other.decrypt(sealed, "grant:a")).hasMessageContaining("XERO_SYNC_TOKEN_KEY")
                .hasMessageNotContaining("refresh-token");
    }

    @Test
    void should_explain_a_bad_key_without_echoing_it() {
        assertThatThrownBy(() -> TokenCipher.fromBase64("not base64 !")).hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> TokenCipher.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
    }

    @Test
    void should_read_a_token_stored_before_encryption_as_it_is() {
        assertThat(cipher.decrypt("plain-legacy-token", "grant:a")).isEqualTo("plain-legacy-token");
    }
}
