/* unix_socks.c - the unix sockets and their peers, from sock_diag: one
 * dump request, read-only, answered from the kernel's own tables. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "proc/unix_socks.h"
#include "util/xalloc.h"

static void take(struct unix_socks *s, const struct unix_diag_msg *m, size_t len)
{
	const struct rtattr *a = (const struct rtattr *)(m + 1);
	unsigned alen = (unsigned)(len - sizeof(*m));
	struct unix_sock u = { .ino = m->udiag_ino, .state = m->udiag_state };

	for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
		const char *p = RTA_DATA(a);
		size_t n = RTA_PAYLOAD(a);

		if (a->rta_type == UNIX_DIAG_PEER && n >= sizeof(uint32_t)) {
			uint32_t peer;

			memcpy(&peer, p, sizeof(peer));
			u.peer = peer;
		} else if (a->rta_type == UNIX_DIAG_NAME && n > 0 && !u.name) {
			/* An abstract name starts with NUL: shown with '@', as ss does. */
			u.name = xmalloc(n + 1);
			memcpy(u.name, p, n);
			u.name[n] = '\0';
			if (u.name[0] == '\0')
				u.name[0] = '@';
			u.name[strnlen(u.name, n)] = '\0';
		}
	}
	xgrow(&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = u;
}

static int by_ino(const void *a, const void *b)
{
	const struct unix_sock *x = a, *y = b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* Reads the dump's answers until NLMSG_DONE; 0 or -errno. */
static int receive(int fd, struct unix_socks *s)
{
	_Alignas(struct nlmsghdr) char buf[32768];

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		size_t left = (size_t)n;

		for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) && e->error ? e->error : -EIO;
			}
			if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
			    h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct unix_diag_msg)))
				take(s, NLMSG_DATA(h), h->nlmsg_len - NLMSG_LENGTH(0));
		}
	}
}

int unix_socks_read(struct unix_socks *s)
{
	struct {
		struct nlmsghdr h;
		struct unix_diag_req r;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.r = { .sdiag_family = AF_UNIX, .udiag_states = ~0u,
		       .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG), err;

	if (fd < 0)
		return -errno;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		err = -errno;
	else
		err = receive(fd, s);
	close(fd);
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), by_ino);
	return err;
}

const struct unix_sock *unix_socks_find(const struct unix_socks *s, unsigned long long ino)
{
	struct unix_sock key = { .ino = ino };

	return s->n ? bsearch(&key, s->v, s->n, sizeof(*s->v), by_ino) : NULL;
}

void unix_socks_release(struct unix_socks *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	*s = (struct unix_socks){ 0 };
}
