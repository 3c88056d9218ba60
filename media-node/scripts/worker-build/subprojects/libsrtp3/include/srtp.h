/*
 * libsrtp 3 API on top of libsrtp 2.
 *
 * mediasoup >= 3.24 is written against libsrtp 3 (bundled as a wrap we cannot
 * download); Debian 12 ships only libsrtp 2.5 (libsrtp2-dev). The two differ
 * in a handful of calls: v3 has an opaque, builder-style srtp_policy_t and
 * size_t-based protect/unprotect that copy from an input buffer into an output
 * buffer of given capacity; v2 has a public policy struct and works in place
 * with int lengths. Everything else mediasoup calls (srtp_init, srtp_dealloc,
 * the event handler, srtp_profile_get_master_*_length, ...) has the same shape.
 *
 * The v3 names are macros onto srtp3compat_* symbols, so nothing here clashes
 * with libsrtp2's own exported symbols (v2 also has srtp_create/srtp_protect/...).
 * Only what mediasoup uses is provided; a mediasoup update that calls anything
 * else fails to compile rather than misbehave.
 */
#ifndef COOPE_SRTP3_COMPAT_H
#define COOPE_SRTP3_COMPAT_H

#include <srtp2/srtp.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes that v3 added after v2's last one (srtp_err_status_pkt_idx_adv = 27).
 * They fit in the enum's value range, so the casts are well defined in C++ too. */
#define SRTP3COMPAT_ERR_BUFFER_SMALL ((srtp_err_status_t)28)
#define SRTP3COMPAT_ERR_CRYPTEX ((srtp_err_status_t)29)

typedef struct srtp3compat_policy *srtp3compat_policy_t;

srtp_err_status_t srtp3compat_policy_create(srtp3compat_policy_t *policy);
void srtp3compat_policy_destroy(srtp3compat_policy_t policy);
srtp_err_status_t srtp3compat_policy_set_ssrc(srtp3compat_policy_t policy,
                                              srtp_ssrc_t ssrc);
srtp_err_status_t srtp3compat_policy_set_profile(srtp3compat_policy_t policy,
                                                 srtp_profile_t profile);
srtp_err_status_t srtp3compat_policy_add_key(srtp3compat_policy_t policy,
                                             const uint8_t *key,
                                             size_t key_len,
                                             const uint8_t *salt,
                                             size_t salt_len,
                                             const uint8_t *mki,
                                             size_t mki_len);
srtp_err_status_t srtp3compat_policy_set_allow_repeat_tx(
    srtp3compat_policy_t policy,
    bool allow);
srtp_err_status_t srtp3compat_policy_set_window_size(
    srtp3compat_policy_t policy,
    size_t window_size);

srtp_err_status_t srtp3compat_create(srtp_t *session,
                                     const srtp3compat_policy_t policy);

srtp_err_status_t srtp3compat_protect(srtp_t ctx,
                                      const uint8_t *rtp,
                                      size_t rtp_len,
                                      uint8_t *srtp,
                                      size_t *srtp_len,
                                      size_t mki_index);
srtp_err_status_t srtp3compat_unprotect(srtp_t ctx,
                                        const uint8_t *srtp,
                                        size_t srtp_len,
                                        uint8_t *rtp,
                                        size_t *rtp_len);
srtp_err_status_t srtp3compat_protect_rtcp(srtp_t ctx,
                                           const uint8_t *rtcp,
                                           size_t rtcp_len,
                                           uint8_t *srtcp,
                                           size_t *srtcp_len,
                                           size_t mki_index);
srtp_err_status_t srtp3compat_unprotect_rtcp(srtp_t ctx,
                                             const uint8_t *srtcp,
                                             size_t srtcp_len,
                                             uint8_t *rtcp,
                                             size_t *rtcp_len);

srtp_err_status_t srtp3compat_stream_remove(srtp_t session, uint32_t ssrc);

#ifdef __cplusplus
}
#endif

/* The implementation file needs the real v2 names, so it opts out. */
#ifndef SRTP3COMPAT_IMPLEMENTATION
#define srtp_err_status_buffer_small SRTP3COMPAT_ERR_BUFFER_SMALL
#define srtp_err_status_cryptex_err SRTP3COMPAT_ERR_CRYPTEX
#define srtp_policy_t srtp3compat_policy_t
#define srtp_policy_create srtp3compat_policy_create
#define srtp_policy_destroy srtp3compat_policy_destroy
#define srtp_policy_set_ssrc srtp3compat_policy_set_ssrc
#define srtp_policy_set_profile srtp3compat_policy_set_profile
#define srtp_policy_add_key srtp3compat_policy_add_key
#define srtp_policy_set_allow_repeat_tx srtp3compat_policy_set_allow_repeat_tx
#define srtp_policy_set_window_size srtp3compat_policy_set_window_size
#define srtp_create srtp3compat_create
#define srtp_protect srtp3compat_protect
#define srtp_unprotect srtp3compat_unprotect
#define srtp_protect_rtcp srtp3compat_protect_rtcp
#define srtp_unprotect_rtcp srtp3compat_unprotect_rtcp
#define srtp_stream_remove srtp3compat_stream_remove
#endif

#endif /* COOPE_SRTP3_COMPAT_H */
