package com.xerosync.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts tokens at rest with AES-256-GCM. Each value gets a fresh 96-bit nonce and is bound to its connection (the
 * connection id is the additional authenticated data), so a ciphertext copied to another row does not decrypt.
 * Stored form: {@code v1:} + base64(nonce ‖ ciphertext ‖ tag).
 */
public final class TokenCipher {

    /** The environment variable holding the key: 32 random bytes, base64 ({@code openssl rand -base64 32}). */
    public static final String KEY_ENV = "XERO_SYNC_TOKEN_KEY";

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private TokenCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The cipher for a base64 key; the message says what is wrong without echoing the key. */
    public static TokenCipher fromBase64(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(KEY_ENV + " is not base64; create one with: openssl rand -base64 32");
        }
        if (key.length != 32) {
            throw new IllegalStateException(KEY_ENV + " must be 32 bytes (base64 of 32 random bytes), not " + key.length
                    + "; create one with: openssl rand -base64 32");
        }
        return new TokenCipher(key);
    }

    /** A cipher with a random key, for the sandbox: its grants are re-established at every start anyway. */
    public static TokenCipher ephemeral() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new TokenCipher(key);
    }

    public String encrypt(String plaintext, String connectionId) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(connectionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a token: " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of a stored token. A value without the prefix predates encryption and is returned as it is (it is
     * encrypted when next written).
     */
    public String decrypt(String stored, String connectionId) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            if (in.length <= NONCE_BYTES) {
                throw new GeneralSecurityException("too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(connectionId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new XeroAuthException("undecryptable", "The stored tokens of connection " + connectionId
                    + " cannot be decrypted: " + KEY_ENV + " is not the key they were encrypted with (or they were "
                    + "altered). Restore the key, or connect Xero again with a new XERO_REFRESH_TOKEN.");
        }
    }
}
