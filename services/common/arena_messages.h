// Request and response of each call of one method on a protobuf arena
// (gRPC's MessageAllocator): a large response built by copying, such as a
// 40-indicator evaluation result served from memory, is then hundreds of
// bump allocations freed at once when the call ends, not hundreds of
// mallocs and frees.
#ifndef JIXIAO_SERVICES_COMMON_ARENA_MESSAGES_H_
#define JIXIAO_SERVICES_COMMON_ARENA_MESSAGES_H_

#include "google/protobuf/arena.h"
#include "grpcpp/support/message_allocator.h"

namespace jixiao {

template <typename Request, typename Response>
class ArenaMessages : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    return new Holder;
  }

 private:
  class Holder : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(
          google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(
          google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions options;
      options.start_block_size = 16 * 1024;  // a whole result, usually
      options.max_block_size = 64 * 1024;
      return options;
    }
    google::protobuf::Arena arena_;
  };
};

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_ARENA_MESSAGES_H_
