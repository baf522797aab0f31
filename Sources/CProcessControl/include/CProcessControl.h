#ifndef HYPERPLAN_CPROCESSCONTROL_H
#define HYPERPLAN_CPROCESSCONTROL_H

// prctl(2) is variadic, and Swift cannot call a variadic C function: these wrappers give the one call
// Hyperplan needs a fixed signature.

/// Makes the calling process the child subreaper of its descendants (PR_SET_CHILD_SUBREAPER): their orphans
/// become its children instead of init's. Returns 0, or -1 with errno set (always -1 where unsupported).
int hyperplan_become_child_subreaper(void);

#endif
