/*
 * libsrtp 3 calls used by mediasoup, implemented with libsrtp 2 (see srtp.h).
 *
 * Buffer contract kept from v3: the input is never written unless it is also
 * the output; *out_len is the output capacity on entry and the result length
 * on success; an output that cannot hold the result gives
 * srtp_err_status_buffer_small before any crypto runs (so neither the sender's
 * packet index nor the receiver's replay window moves). v2 works in place and
 * protect writes the trailer past the packet, so the input is copied into the
 * output (or, for a small unprotect output, a temporary) only after checking
 * that the result fits.
 */
#define SRTP3COMPAT_IMPLEMENTATION
#include "srtp.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* v2 takes int lengths; keep room for the largest trailer so len + trailer
 * cannot overflow inside libsrtp2. */
#define SRTP3COMPAT_MAX_IN_LEN ((size_t)INT_MAX - SRTP_MAX_TRAILER_LEN - 4u)

struct srtp3compat_policy {
    srtp_policy_t v2; /* the real libsrtp2 policy struct */
    unsigned char key[SRTP_MAX_KEY_LEN]; /* master key || master salt */
    bool has_profile;
    bool has_key;
};

srtp_err_status_t srtp3compat_policy_create(srtp3compat_policy_t *policy)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    *policy = calloc(1, sizeof(**policy));
    if (*policy == NULL)
        return srtp_err_status_alloc_fail;
    /* v3 defaults: no repeat tx, default window (0 = libsrtp default 128). */
    return srtp_err_status_ok;
}

void srtp3compat_policy_destroy(srtp3compat_policy_t policy)
{
    if (policy == NULL)
        return;
    /* The key copy is secret material. */
    memset(policy->key, 0, sizeof(policy->key));
    free(policy);
}

srtp_err_status_t srtp3compat_policy_set_ssrc(srtp3compat_policy_t policy,
                                              srtp_ssrc_t ssrc)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->v2.ssrc = ssrc;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3compat_policy_set_profile(srtp3compat_policy_t policy,
                                                 srtp_profile_t profile)
{
    srtp_err_status_t err;

    if (policy == NULL)
        return srtp_err_status_bad_param;
    err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->v2.rtp, profile);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_crypto_policy_set_from_profile_for_rtcp(&policy->v2.rtcp,
                                                       profile);
    if (err != srtp_err_status_ok)
        return err;
    policy->has_profile = true;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3compat_policy_add_key(srtp3compat_policy_t policy,
                                             const uint8_t *key,
                                             size_t key_len,
                                             const uint8_t *salt,
                                             size_t salt_len,
                                             const uint8_t *mki,
                                             size_t mki_len)
{
    if (policy == NULL || key == NULL || salt == NULL)
        return srtp_err_status_bad_param;
    /* A single key without MKI is all mediasoup uses; v3 would accept more,
     * so refuse loudly instead of silently dropping keys. */
    if (mki != NULL || mki_len != 0 || policy->has_key)
        return srtp_err_status_bad_param;
    /* The profile fixes the lengths (v2 keeps key+salt as one buffer whose
     * length is cipher_key_len), so it must be set first, as mediasoup does. */
    if (!policy->has_profile)
        return srtp_err_status_bad_param;
    if (key_len + salt_len != (size_t)policy->v2.rtp.cipher_key_len ||
        key_len + salt_len > sizeof(policy->key))
        return srtp_err_status_bad_param;

    memcpy(policy->key, key, key_len);
    memcpy(policy->key + key_len, salt, salt_len);
    policy->v2.key = policy->key;
    policy->has_key = true;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3compat_policy_set_allow_repeat_tx(
    srtp3compat_policy_t policy,
    bool allow)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->v2.allow_repeat_tx = allow ? 1 : 0;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3compat_policy_set_window_size(
    srtp3compat_policy_t policy,
    size_t window_size)
{
    /* Same bounds libsrtp enforces at srtp_create(); checked here as v3 does. */
    if (policy == NULL || window_size < 64 || window_size >= 0x8000)
        return srtp_err_status_bad_param;
    policy->v2.window_size = (unsigned long)window_size;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3compat_create(srtp_t *session,
                                     const srtp3compat_policy_t policy)
{
    srtp_policy_t v2;

    if (session == NULL)
        return srtp_err_status_bad_param;
    if (policy == NULL) /* v3 allows an empty session, so does v2 */
        return srtp_create(session, NULL);
    if (!policy->has_profile || !policy->has_key)
        return srtp_err_status_bad_param;
    /* libsrtp2 copies what it needs, so a stack copy with next = NULL is fine
     * and the v3 policy object may be destroyed right after, as in v3. */
    v2 = policy->v2;
    v2.next = NULL;
    return srtp_create(session, &v2);
}

/* Bytes v2 appends when protecting (and strips when unprotecting): the
 * session's real trailer when libsrtp2 can tell (all streams of a mediasoup
 * session share one profile), else the libsrtp maximum. The maximum only
 * makes protect stricter; for unprotect the post-decrypt check still holds. */
static size_t protect_trailer_len(srtp_t ctx, bool rtcp)
{
    uint32_t len = 0;
    srtp_err_status_t err =
        rtcp ? srtp_get_protect_rtcp_trailer_length(ctx, 0, 0, &len)
             : srtp_get_protect_trailer_length(ctx, 0, 0, &len);

    if (err != srtp_err_status_ok)
        return SRTP_MAX_TRAILER_LEN + (rtcp ? 4u : 0u);
    return len;
}

static srtp_err_status_t protect_common(srtp_t ctx,
                                        const uint8_t *in,
                                        size_t in_len,
                                        uint8_t *out,
                                        size_t *out_len,
                                        size_t mki_index,
                                        bool rtcp)
{
    int len;
    srtp_err_status_t err;

    if (ctx == NULL || in == NULL || out == NULL || out_len == NULL)
        return srtp_err_status_bad_param;
    /* No MKI support (see policy_add_key), so only index 0 is meaningful. */
    if (mki_index != 0)
        return srtp_err_status_bad_mki;
    if (in_len > SRTP3COMPAT_MAX_IN_LEN)
        return srtp_err_status_bad_param;
    if (*out_len < in_len + protect_trailer_len(ctx, rtcp))
        return SRTP3COMPAT_ERR_BUFFER_SMALL;

    if (out != in)
        memmove(out, in, in_len);
    len = (int)in_len;
    err = rtcp ? srtp_protect_rtcp(ctx, out, &len) : srtp_protect(ctx, out, &len);
    if (err != srtp_err_status_ok)
        return err;
    *out_len = (size_t)len;
    return srtp_err_status_ok;
}

static srtp_err_status_t unprotect_common(srtp_t ctx,
                                          const uint8_t *in,
                                          size_t in_len,
                                          uint8_t *out,
                                          size_t *out_len,
                                          bool rtcp)
{
    uint8_t *work;
    size_t trailer;
    int len;
    srtp_err_status_t err;

    if (ctx == NULL || in == NULL || out == NULL || out_len == NULL)
        return srtp_err_status_bad_param;
    if (in_len > SRTP3COMPAT_MAX_IN_LEN)
        return srtp_err_status_bad_param;

    /* Refuse a too-small output before decrypting, as v3 does: a decrypt that
     * succeeded would already have entered the packet into the replay window,
     * so a retry with a bigger buffer would then fail as a replay. */
    trailer = protect_trailer_len(ctx, rtcp);
    if (*out_len < (in_len > trailer ? in_len - trailer : 0))
        return SRTP3COMPAT_ERR_BUFFER_SMALL;

    /* v2 decrypts in place. Use the output buffer when it can hold the whole
     * input (mediasoup always decrypts in place); otherwise a temporary, since
     * the result (input minus trailer) may still fit a smaller output. */
    if (out == in || *out_len >= in_len) {
        work = out;
        if (out != in)
            memmove(work, in, in_len);
    } else {
        work = malloc(in_len > 0 ? in_len : 1);
        if (work == NULL)
            return srtp_err_status_alloc_fail;
        memcpy(work, in, in_len);
    }

    len = (int)in_len;
    err = rtcp ? srtp_unprotect_rtcp(ctx, work, &len)
               : srtp_unprotect(ctx, work, &len);

    /* Cannot happen after the check above unless the trailer guess was
     * wrong; never write past the caller's capacity regardless. */
    if (err == srtp_err_status_ok && (size_t)len > *out_len)
        err = SRTP3COMPAT_ERR_BUFFER_SMALL;
    if (err == srtp_err_status_ok && work != out)
        memcpy(out, work, (size_t)len);
    if (work != out)
        free(work);
    if (err != srtp_err_status_ok)
        return err;
    *out_len = (size_t)len;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3compat_protect(srtp_t ctx,
                                      const uint8_t *rtp,
                                      size_t rtp_len,
                                      uint8_t *srtp,
                                      size_t *srtp_len,
                                      size_t mki_index)
{
    return protect_common(ctx, rtp, rtp_len, srtp, srtp_len, mki_index, false);
}

srtp_err_status_t srtp3compat_unprotect(srtp_t ctx,
                                        const uint8_t *srtp,
                                        size_t srtp_len,
                                        uint8_t *rtp,
                                        size_t *rtp_len)
{
    return unprotect_common(ctx, srtp, srtp_len, rtp, rtp_len, false);
}

srtp_err_status_t srtp3compat_protect_rtcp(srtp_t ctx,
                                           const uint8_t *rtcp,
                                           size_t rtcp_len,
                                           uint8_t *srtcp,
                                           size_t *srtcp_len,
                                           size_t mki_index)
{
    return protect_common(ctx, rtcp, rtcp_len, srtcp, srtcp_len, mki_index,
                          true);
}

srtp_err_status_t srtp3compat_unprotect_rtcp(srtp_t ctx,
                                             const uint8_t *srtcp,
                                             size_t srtcp_len,
                                             uint8_t *rtcp,
                                             size_t *rtcp_len)
{
    return unprotect_common(ctx, srtcp, srtcp_len, rtcp, rtcp_len, true);
}

srtp_err_status_t srtp3compat_stream_remove(srtp_t session, uint32_t ssrc)
{
    /* Both versions take the SSRC in network byte order. */
    return srtp_remove_stream(session, ssrc);
}
