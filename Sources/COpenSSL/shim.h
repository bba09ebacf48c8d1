#ifndef TRUSTBENCH_COPENSSL_SHIM_H
#define TRUSTBENCH_COPENSSL_SHIM_H
/* The OpenSSL libcrypto headers TrustCrypto uses; nothing else imports this module. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/rsa.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/obj_mac.h>
#include <openssl/kdf.h>
#endif
