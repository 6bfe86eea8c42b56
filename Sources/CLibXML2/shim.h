#ifndef LEADBRIDGE_CLIBXML2_SHIM_H
#define LEADBRIDGE_CLIBXML2_SHIM_H

#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/// xmlFree is a global function pointer, which Swift 6 rejects as not concurrency-safe; call it through here.
static inline void lb_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
