/** Well-known services, used where /etc/services is missing. Same format as the file, parsed by the same code. */
export const builtinServicesText = `
tcpmux 1/tcp
echo 7/tcp
echo 7/udp
discard 9/tcp sink null
discard 9/udp sink null
systat 11/tcp users
daytime 13/tcp
daytime 13/udp
netstat 15/tcp
qotd 17/tcp quote
chargen 19/tcp ttytst source
chargen 19/udp ttytst source
ftp-data 20/tcp
ftp 21/tcp
ssh 22/tcp
telnet 23/tcp
smtp 25/tcp mail
time 37/tcp timserver
time 37/udp timserver
whois 43/tcp nicname
tacacs 49/tcp
tacacs 49/udp
domain 53/tcp
domain 53/udp
gopher 70/tcp
finger 79/tcp
http 80/tcp www
kerberos 88/tcp kerberos5 krb5 kerberos-sec
kerberos 88/udp kerberos5 krb5 kerberos-sec
pop3 110/tcp pop-3
sunrpc 111/tcp portmapper
sunrpc 111/udp portmapper
auth 113/tcp authentication tap ident
nntp 119/tcp readnews untp
ntp 123/udp
epmap 135/tcp loc-srv
netbios-ns 137/udp
netbios-dgm 138/udp
netbios-ssn 139/tcp
imap2 143/tcp imap
snmp 161/tcp
snmp 161/udp
snmp-trap 162/tcp snmptrap
snmp-trap 162/udp snmptrap
bgp 179/tcp
irc 194/tcp
ldap 389/tcp
ldap 389/udp
https 443/tcp
https 443/udp
microsoft-ds 445/tcp
kpasswd 464/tcp
isakmp 500/udp
submissions 465/tcp ssmtp smtps urd
syslog 514/udp
printer 515/tcp spooler
talk 517/udp
ntalk 518/udp
route 520/udp router routed
ripng 521/udp
uucp 540/tcp uucpd
afpovertcp 548/tcp
nntps 563/tcp snntp
submission 587/tcp
ipp 631/tcp
ldaps 636/tcp
ldaps 636/udp
rsync 873/tcp
ftps-data 989/tcp
ftps 990/tcp
telnets 992/tcp
imaps 993/tcp
pop3s 995/tcp
socks 1080/tcp
openvpn 1194/tcp
openvpn 1194/udp
ms-sql-s 1433/tcp
ms-sql-m 1434/udp
ingreslock 1524/tcp
pptp 1723/tcp
radius 1812/udp
radius-acct 1813/udp radacct
mqtt 1883/tcp
nfs 2049/tcp
nfs 2049/udp
gnunet 2086/tcp
etcd-client 2379/tcp
etcd-server 2380/tcp
mysql 3306/tcp
iscsi-target 3260/tcp
ms-wbt-server 3389/tcp
svn 3690/tcp subversion
sip 5060/tcp
sip 5060/udp
sip-tls 5061/tcp
xmpp-client 5222/tcp jabber-client
xmpp-server 5269/tcp jabber-server
mdns 5353/udp
postgresql 5432/tcp postgres
amqp 5672/tcp
x11 6000/tcp x11-0
redis 6379/tcp
ircd 6667/tcp
http-alt 8080/tcp webcache
memcache 11211/tcp
mongodb 27017/tcp
traceroute 33434/udp
`;
