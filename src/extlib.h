/* extlib.h - the readers' libraries (and PCRE2), loaded the first time
 * they are needed.
 *
 * Plain text, the common case and the one that must start fastest, needs
 * none of libxml2, libarchive, md4c or libyaml.  Linked, they would be
 * mapped and relocated at every start, with what they pull in (ICU and
 * the C++ runtime behind libxml2, a compressor per format behind
 * libarchive): that is most of folio's start-up time.  So the model calls
 * each of them through a table of function pointers, named after the
 * library and holding the library's own names:
 *
 *	if (libxml2_load(&why) != 0) ... give up, saying why ...
 *	doc = libxml2.htmlReadMemory(...);
 *
 * The first *_load opens the library with dlopen under the soname that
 * configure found in its link line, and fills the table; later calls give
 * the first answer again.  Where no soname was found (or with configure's
 * --disable-lazy-libs) the library is linked, the table is filled at link
 * time and *_load always succeeds.  The calls are the library's: its
 * headers are included for the types and prototypes, so the compiler
 * checks every call as if it were direct.
 *
 * Loading is not thread-safe; folio reads documents on one thread.
 */
#ifndef FOLIO_EXTLIB_H
#define FOLIO_EXTLIB_H

#include <archive.h>
#include <archive_entry.h>
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <md4c.h>
#include <yaml.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* One slot of a table: a pointer with the type of the function f. */
#define EXTLIB_SLOT(f) __typeof__(f) *f;

/* The functions each library is called through.  One called directly,
 * not through its table, is an undefined symbol at link time: the
 * library is not linked. */
#define LIBXML2_FUNCTIONS(X) \
	X(htmlCreateMemoryParserCtxt) \
	X(htmlCtxtUseOptions) \
	X(htmlFreeParserCtxt) \
	X(htmlParseDocument) \
	X(htmlReadMemory) \
	X(xmlBufferAdd) \
	X(xmlBufferContent) \
	X(xmlBufferCreate) \
	X(xmlBufferFree) \
	X(xmlBufferLength) \
	X(xmlBufferShrink) \
	X(xmlByteConsumed) \
	X(xmlCharEncCloseFunc) \
	X(xmlCharEncInFunc) \
	X(xmlDocGetRootElement) \
	X(xmlFindCharEncodingHandler) \
	X(xmlFreeDoc) \
	X(xmlInitParser) \
	X(xmlNodeBufGetContent) \
	X(xmlSetGenericErrorFunc) \
	X(xmlSetStructuredErrorFunc) \
	X(xmlSwitchEncoding)

#define LIBARCHIVE_FUNCTIONS(X) \
	X(archive_entry_filetype) \
	X(archive_entry_mtime) \
	X(archive_entry_pathname) \
	X(archive_entry_size) \
	X(archive_entry_size_is_set) \
	X(archive_error_string) \
	X(archive_read_data) \
	X(archive_read_free) \
	X(archive_read_new) \
	X(archive_read_next_header) \
	X(archive_read_open_fd) \
	X(archive_read_support_filter_all) \
	X(archive_read_support_format_gnutar) \
	X(archive_read_support_format_raw) \
	X(archive_read_support_format_tar) \
	X(archive_read_support_format_zip)

#define LIBMD4C_FUNCTIONS(X) X(md_parse)

#define LIBYAML_FUNCTIONS(X) \
	X(yaml_event_delete) \
	X(yaml_parser_delete) \
	X(yaml_parser_initialize) \
	X(yaml_parser_parse) \
	X(yaml_parser_set_input_string)

/* PCRE2's names are macros for these (pcre2_match is pcre2_match_8), so
 * libpcre2.pcre2_match(...) calls the slot listed here. */
#define LIBPCRE2_FUNCTIONS(X) \
	X(pcre2_code_free_8) \
	X(pcre2_compile_8) \
	X(pcre2_get_error_message_8) \
	X(pcre2_get_ovector_pointer_8) \
	X(pcre2_jit_compile_8) \
	X(pcre2_match_8) \
	X(pcre2_match_context_create_8) \
	X(pcre2_match_context_free_8) \
	X(pcre2_match_data_create_from_pattern_8) \
	X(pcre2_match_data_free_8) \
	X(pcre2_set_depth_limit_8) \
	X(pcre2_set_match_limit_8)

/* The tables, named after their library. */
#define EXTLIB_TABLE(lib, LIST) \
	extern struct lib##_api { \
		LIST(EXTLIB_SLOT) \
	} lib;
EXTLIB_TABLE(libxml2, LIBXML2_FUNCTIONS)
EXTLIB_TABLE(libarchive, LIBARCHIVE_FUNCTIONS)
EXTLIB_TABLE(libmd4c, LIBMD4C_FUNCTIONS)
EXTLIB_TABLE(libyaml, LIBYAML_FUNCTIONS)
EXTLIB_TABLE(libpcre2, LIBPCRE2_FUNCTIONS)

/* Fill the table of one library (once).  Return 0, or -1 with a one-line
 * reason in *why (static storage: "libxml2.so.2: cannot open shared
 * object file ..."). */
int libxml2_load(const char **why);
int libarchive_load(const char **why);
int libmd4c_load(const char **why);
int libyaml_load(const char **why);
int libpcre2_load(const char **why);

#endif
