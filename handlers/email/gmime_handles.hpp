// Owning handles for GMime and GLib objects, shared by the email sources that
// use GMime: a GObject is unreferenced and g_malloc'd memory freed when its
// handle goes out of scope. Internal to careerbot_email.
#pragma once

#include <gmime/gmime.h>

#include <memory>

namespace careerbot::email {

struct Unref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <class T>
using Ref = std::unique_ptr<T, Unref>;

struct GFree {
  void operator()(gpointer memory) const { g_free(memory); }
};
using GChars = std::unique_ptr<char, GFree>;

// Whether a GObject is of `type` (or derived from it); false for nullptr.
template <class T>
bool is_a(T* object, GType type) {
  return object != nullptr &&
         g_type_check_instance_is_a(reinterpret_cast<GTypeInstance*>(object), type) != FALSE;
}

}  // namespace careerbot::email
