package dev.mlpipeline.app;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OP_MSG's {@code moreToCome} flag for the embedded server: a message that carries it wants no reply.
 * The Node.js driver sends {@code endSessions} that way when a client closes, as any driver sends an
 * unacknowledged write. mongo-java-server's decoder refuses the flag and drops the connection with an
 * ERROR; two handlers put in front of it clear the flag, let the command run, and swallow its
 * reply. They are installed on a connection's first command, the handshake, when no other bytes wait.
 * Both work on the connection's event loop only, so the ids they share need no lock.
 */
final class MoreToCome {
    static final String NAME = "ml-pipeline-more-to-come";

    private static final int OP_MSG = 2013;
    private static final int MORE_TO_COME = 1 << 1;
    private static final int REQUEST_ID_OFFSET = 4;
    private static final int RESPONSE_TO_OFFSET = 8;
    private static final int OP_CODE_OFFSET = 12;
    private static final int FLAGS_OFFSET = 16;

    private MoreToCome() {
    }

    /** Puts the two handlers in front of the connection's decoder and encoder, once. */
    static void install(Channel channel) {
        if (channel != null && channel.pipeline().get(NAME) == null) {
            Set<Integer> unanswered = new HashSet<>();
            channel.pipeline().addFirst(NAME + "-replies", new Replies(unanswered));
            channel.pipeline().addFirst(NAME, new Requests(unanswered));
        }
    }

    /** Passes whole messages on, each with the flag cleared and its request id noted. */
    private static final class Requests extends ByteToMessageDecoder {
        private final Set<Integer> unanswered;

        Requests(Set<Integer> unanswered) {
            this.unanswered = unanswered;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.readableBytes() >= 4 && in.readableBytes() >= in.getIntLE(in.readerIndex())) {
                ByteBuf message = in.readRetainedSlice(in.getIntLE(in.readerIndex()));
                if (message.readableBytes() >= FLAGS_OFFSET + 4 && message.getIntLE(OP_CODE_OFFSET) == OP_MSG
                        && (message.getIntLE(FLAGS_OFFSET) & MORE_TO_COME) != 0) {
                    message.setIntLE(FLAGS_OFFSET, message.getIntLE(FLAGS_OFFSET) & ~MORE_TO_COME);
                    unanswered.add(message.getIntLE(REQUEST_ID_OFFSET));
                }
                out.add(message);
            }
        }
    }

    /** Swallows the replies to the noted requests. */
    private static final class Replies extends ChannelOutboundHandlerAdapter {
        private final Set<Integer> unanswered;

        Replies(Set<Integer> unanswered) {
            this.unanswered = unanswered;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof ByteBuf reply && reply.readableBytes() >= RESPONSE_TO_OFFSET + 4
                    && unanswered.remove(reply.getIntLE(reply.readerIndex() + RESPONSE_TO_OFFSET))) {
                reply.release();
                promise.setSuccess();
                return;
            }
            super.write(ctx, msg, promise);
        }
    }
}
