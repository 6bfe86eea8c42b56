#ifndef LEADBRIDGE_CLIBXML2_SHIM_H
#define LEADBRIDGE_CLIBXML2_SHIM_H

/// Debian's libxml2 is built with ICU, so <libxml/encoding.h> would pull the system ICU headers into this module.
/// Foundation on Linux ships its own ICU module (_FoundationICU) whose `UErrorCode` differs, and a Swift file that
/// sees both fails to compile ("... is not present in definition of 'enum UErrorCode'"). LeadBridge never uses
/// libxml2's ICU converters, and the only declaration that changes is the tail of `xmlCharEncodingHandler`, which
/// Swift never lays out or touches; so the ICU part of the headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/// xmlFree is a global function pointer, which Swift 6 rejects as not concurrency-safe; call it through here.
static inline void lb_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
